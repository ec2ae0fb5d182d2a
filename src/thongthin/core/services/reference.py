"""Writes of the reference data a locality admin keeps on the web (divisions, categories,
units, stations...): one function for every module's :class:`AdminSection`, audited with the
values before and after."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models, transaction

from ..errors import NotFound
from ..models import Locality, User
from .audit import AuditAction, audit_record

if TYPE_CHECKING:
    from django.forms import ModelForm


def _value(instance: models.Model, name: str) -> Any:
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return sorted(o.pk for o in getattr(instance, name).all()) if instance.pk else []
    value = getattr(instance, getattr(field, "attname", name))
    return value if isinstance(value, str | int | float | bool | list | dict | None) else str(value)


def snapshot(instance: models.Model, names: list[str]) -> dict[str, Any]:
    return {name: _value(instance, name) for name in names}


def reference_save(
    *, locality: Locality, actor: User, section: str, form: ModelForm, ip: str | None = None
) -> models.Model:
    """Save a validated reference form of ``locality`` (new row or change) and audit it.

    The form was built for this locality (its choices and uniqueness scoped to it); a row of
    another locality is not found."""
    instance = form.instance
    if instance.pk is not None and instance.locality_id != locality.pk:  # type: ignore[attr-defined]
        raise NotFound()
    names = list(form.fields)
    creating = instance.pk is None
    before = {} if creating else snapshot(type(instance)._base_manager.get(pk=instance.pk), names)
    with transaction.atomic():
        instance.locality = locality  # type: ignore[attr-defined]
        saved = form.save()
        after = snapshot(saved, names)
        changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
        if creating or changes:
            audit_record(
                action=AuditAction.REFERENCE_CREATED if creating else AuditAction.REFERENCE_UPDATED,
                locality=locality,
                actor=actor,
                obj=saved,
                ip=ip,
                detail={"section": section, "changes": changes},
            )
    return saved
