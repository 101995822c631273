"""Set-based building blocks: keyset pagination over ids, and batched deletes without Django's collector."""

from collections.abc import Iterator
from functools import lru_cache

from django.db import connection, router
from django.db.models import DO_NOTHING, Model, Q, QuerySet


def keyset_batches(
    queryset: QuerySet, *, size: int, order_by: str | None = None, fields: tuple[str, ...] = ()
) -> Iterator[list[tuple]]:
    """Yield lists of `(pk, *fields)` tuples, `size` at a time, never the whole set.

    Rows come in `order_by` order (a non-unique column whose index the database walks, ties broken by
    primary key) or in primary-key order. Each page starts after the last row seen, so rows that
    stay (held, or added meanwhile) are read once. The caller may delete the rows it was given.
    """
    keys = (order_by, "pk") if order_by else ("pk",)
    last: tuple | None = None
    while True:
        page = queryset if last is None else queryset.filter(after_key(keys, last))
        rows = list(page.order_by(*keys).values_list("pk", *fields)[:size])
        if len(rows) == size:
            last = _key_of(queryset.model, order_by, rows[-1][0])
        if rows:
            yield rows
        if len(rows) < size:
            return


def _key_of(model: type[Model], order_by: str | None, pk: int) -> tuple:
    # One indexed lookup per page is cheaper than reading the column for every row of the page.
    if order_by is None:
        return (pk,)
    return (model._base_manager.filter(pk=pk).values_list(order_by, flat=True).get(), pk)


def after_key(keys: tuple[str, ...], last: tuple) -> Q:
    """Return the condition "after `last`" in the order of `keys` (a column, then the primary key)."""
    if len(keys) == 1:
        return Q(pk__gt=last[0])
    column = keys[0]
    # The >= range lets the database walk the column's index; the OR settles ties on the primary key.
    return Q(**{f"{column}__gte": last[0]}) & (Q(**{f"{column}__gt": last[0]}) | Q(pk__gt=last[1]))


@lru_cache
def unhandled_relations(model: type[Model], handled: frozenset[type[Model]]) -> list:
    return [
        relation
        for relation in model._meta.get_fields(include_hidden=True)
        if relation.auto_created
        and not relation.concrete
        and (relation.one_to_many or relation.one_to_one)
        and relation.on_delete is not DO_NOTHING
        and relation.related_model not in handled
    ]


def int_array(ids: list[int]) -> str:
    """Return integer ids as a PostgreSQL array literal: one short string instead of thousands of parameters."""
    return "{" + ",".join(str(int(i)) for i in ids) + "}"


def quote_table_column(model: type[Model], field: str) -> tuple[str, str]:
    quote = connection.ops.quote_name
    column = model._meta.pk.column if field == "pk" else model._meta.get_field(field).column
    return quote(model._meta.db_table), quote(column)


def delete_in(model: type[Model], field: str, ids: list, *, handled: tuple[type[Model], ...] = ()) -> int:
    """Delete the rows whose `field` is one of `ids` in one statement; return how many went.

    The caller has already removed the rows of `handled` (the children it knows about). When another
    app points at the model with CASCADE, PROTECT or SET_NULL, Django's collector takes over so that
    app's rule holds. On PostgreSQL the ids travel as one array parameter (`= ANY`), which is much
    cheaper to send than thousands of placeholders.
    """
    if not ids:
        return 0
    if unhandled_relations(model, frozenset(handled)):
        return model._base_manager.filter(**{f"{field}__in": ids}).delete()[1].get(model._meta.label, 0)
    if connection.vendor == "postgresql":
        table, column = quote_table_column(model, field)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE {column} = ANY(%s::bigint[])", [int_array(ids)])
            return cursor.rowcount
    return model._base_manager.filter(**{f"{field}__in": ids})._raw_delete(router.db_for_write(model)) or 0


def set_null_in(model: type[Model], field: str, ids: list) -> None:
    """Set `field` to NULL on the rows whose `field` is one of `ids`."""
    if not ids:
        return
    if connection.vendor == "postgresql":
        table, column = quote_table_column(model, field)
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET {column} = NULL WHERE {column} = ANY(%s::bigint[])", [int_array(ids)])
        return
    model._base_manager.filter(**{f"{field}__in": ids}).update(**{field: None})


def statistics_refresh(*models: type[Model], deleted: int) -> None:
    """Re-sample the tables' planner statistics after deleting a large share of the first one (PostgreSQL).

    Autovacuum would do it later; until then the next categories' queries are planned for rows that are
    gone (after a large call purge, walking every remaining recording instead of the few expired ones).
    """
    if connection.vendor != "postgresql" or not deleted:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [models[0]._meta.db_table])
        (estimate,) = cursor.fetchone()
        if deleted < 0.1 * estimate:  # autovacuum's default share; -1 (never analysed) always refreshes
            return
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
