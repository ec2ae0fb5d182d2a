"""Row-level tenancy that fails closed.

Every tenant-owned model carries ``locality`` and uses :class:`TenantManager`. A query on it
must say whose rows it wants (``.for_locality(loc)``) or say out loud that it crosses tenants
(``.unscoped()``); anything else raises :class:`TenantScopeError` when it reaches the database.
Related managers reached from an object already loaded (``case.events.all()``) are scoped by
that object and allowed.
"""

from __future__ import annotations

from typing import Any

from django.db import models


class TenantScopeError(RuntimeError):
    """A query on a tenant-owned model ran without a locality scope."""


class TenantQuerySet(models.QuerySet):
    _tenant_scoped: bool = False

    def for_locality(self, locality: Any) -> TenantQuerySet:
        if locality is None:
            raise TenantScopeError(f"{self.model.__name__}: for_locality(None)")
        locality_id = getattr(locality, "pk", locality)
        qs = self.filter(locality_id=locality_id)
        qs._tenant_scoped = True
        return qs

    def unscoped(self) -> TenantQuerySet:
        """Cross-tenant on purpose: platform administration, workers, migrations."""
        qs = self._chain()  # type: ignore[attr-defined]
        qs._tenant_scoped = True
        return qs

    def _clone(self) -> TenantQuerySet:  # type: ignore[misc]
        clone = super()._clone()  # type: ignore[misc]
        clone._tenant_scoped = self._tenant_scoped
        return clone

    def _check_scope(self) -> None:
        if self._tenant_scoped:
            return
        instance = self._hints.get("instance")  # type: ignore[attr-defined]
        if instance is not None and (
            getattr(instance, "locality_id", None) is not None
            or instance._meta.label == "core.Locality"
        ):
            return
        raise TenantScopeError(
            f"Query on tenant-owned {self.model.__name__} without a locality scope; "
            "use .for_locality(locality) or .unscoped()."
        )

    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._check_scope()
        super()._fetch_all()

    def count(self) -> int:
        self._check_scope()
        return super().count()

    def exists(self) -> bool:
        self._check_scope()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._check_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        self._check_scope()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._check_scope()
        return super().delete()

    def iterator(self, chunk_size: int | None = None):  # type: ignore[override]
        self._check_scope()
        return super().iterator(chunk_size=chunk_size)


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):  # type: ignore[misc]
    pass


class TenantModel(models.Model):
    """Abstract base of every tenant-owned model."""

    locality = models.ForeignKey("core.Locality", on_delete=models.PROTECT, related_name="+")

    objects = TenantManager()

    class Meta:
        # Deletion cascades and forward relations use Django's plain base manager; only
        # queries through ``objects`` are checked.
        abstract = True
