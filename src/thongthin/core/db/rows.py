"""Writing and reading rows without the query compiler, for the few statements on a hot path.

``Model.objects.create()`` compiles its ``INSERT`` afresh on every call; on the bench machine
that cost ~0.3 ms a row against ~0.03 ms for running the statement itself, and a complaint's
filing writes four rows (the case, its first timeline entry, the audit entry, the complaint).
:func:`insert` builds each model's statement once per process and database and runs it with
the row's values, prepared by the fields exactly as ``save()`` prepares them
(``pre_save`` for ``auto_now_add``, ``get_db_prep_save`` for JSON, dates and keys).

What it leaves out, on purpose: model signals (no model written this way has receivers;
``test_rows`` keeps it so) and ``save()`` overrides. Use it only for plain new rows.

:func:`select` reads whole model instances the same way: the statement over the model's own
columns is built once, Django's ``RawQuerySet`` turns the rows into instances (with every
field's converters, as a queryset would). The locality scope is the caller's to write into
``where``, as the tenant manager cannot check raw SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connections, models, transaction

M = TypeVar("M", bound=models.Model)

_STATEMENTS: dict[tuple[str, str], tuple[str, list[models.Field]]] = {}
_SELECTS: dict[tuple[str, str, tuple[str, ...] | None], str] = {}


def _statement(model: type[models.Model], alias: str) -> tuple[str, list[models.Field]]:
    key = (model._meta.label, alias)
    found = _STATEMENTS.get(key)
    if found is None:
        connection = connections[alias]
        quote = connection.ops.quote_name
        pk = model._meta.pk
        assert pk is not None
        unsupported = [
            f.name
            for f in model._meta.concrete_fields
            if getattr(f, "db_default", models.NOT_PROVIDED) is not models.NOT_PROVIDED
            or getattr(f, "db_returning", False)
            and not f.primary_key
            or (f.primary_key and f.has_default())
        ]
        if unsupported:
            raise TypeError(f"insert() cannot write {model._meta.label}: {unsupported}")
        fields = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key and not getattr(f, "generated", False)
        ]
        # Table and column names come from the model, quoted; values go as parameters.
        sql = "INSERT INTO {} ({}) VALUES ({}) RETURNING {}".format(  # noqa: S608
            quote(model._meta.db_table),
            ", ".join(quote(str(f.column)) for f in fields),
            ", ".join(["%s"] * len(fields)),
            quote(str(pk.column)),
        )
        found = _STATEMENTS[key] = (sql, fields)
    return found


def insert(obj: M, *, using: str = "default") -> M:
    """Write the new, unsaved ``obj`` as one row and give it its primary key."""
    if obj.pk is not None or not obj._state.adding:
        raise ValueError("insert() writes new rows only")
    sql, fields = _statement(type(obj), using)
    # As save() does: an unsaved related object is refused, not written as NULL.
    obj._prepare_related_fields_for_save(operation_name="insert")  # type: ignore[attr-defined]
    connection = connections[using]
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    # As save() does: an error marks the surrounding atomic() block for rollback.
    with transaction.mark_for_rollback_on_error(using), connection.cursor() as cursor:
        cursor.execute(sql, values)
        obj.pk = cursor.fetchone()[0]
    obj._state.adding = False
    obj._state.db = using
    return obj


def select(
    model: type[M],
    where: str,
    params: Sequence[Any],
    *,
    columns: Sequence[str] | None = None,
    limit: int | None = None,
    using: str = "default",
) -> list[M]:
    """Instances of ``model`` whose row matches ``where`` (SQL over its columns, with ``%s``
    for each of ``params``). ``columns``: only these fields' columns (the others load on
    first use, as with ``only()``); the primary key is always read."""
    key = (model._meta.label, using, tuple(columns) if columns is not None else None)
    head = _SELECTS.get(key)
    if head is None:
        quote = connections[using].ops.quote_name
        pk = model._meta.pk
        assert pk is not None
        fields = [
            f
            for f in model._meta.concrete_fields
            if columns is None or f.primary_key or f.name in columns
        ]
        head = _SELECTS[key] = "SELECT {} FROM {}".format(  # noqa: S608 (names from the model)
            ", ".join(quote(str(f.column)) for f in fields), quote(model._meta.db_table)
        )
    sql = f"{head} WHERE {where}" + (f" LIMIT {int(limit)}" if limit is not None else "")
    return list(model._base_manager.db_manager(using).raw(sql, params))


def first(model: type[M], where: str, params: Sequence[Any], *, using: str = "default") -> M | None:
    """The first instance :func:`select` finds, or None."""
    found = select(model, where, params, limit=1, using=using)
    return found[0] if found else None
