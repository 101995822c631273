"""Set-based building blocks: keyset pagination over ids, and batched deletes without Django's collector."""

from collections.abc import Iterator
from functools import lru_cache

from django.db import router
from django.db.models import DO_NOTHING, Model, Q, QuerySet


def keyset_batches(
    queryset: QuerySet, *, keys: tuple[str, ...], size: int, fields: tuple[str, ...] = ()
) -> Iterator[list]:
    """Yield lists of `(*keys, *fields)` tuples in key order, `size` at a time, never the whole set.

    Each page starts after the last key seen, so rows that stay (held, or added meanwhile) are read once.
    `keys` is ("pk",) or (a non-unique column, "pk"), e.g. ("ended_at", "pk") to walk an index.
    """
    last: tuple | None = None
    while True:
        page = queryset if last is None else queryset.filter(_after(keys, last))
        rows = list(page.order_by(*keys).values_list(*keys, *fields)[:size])
        if not rows:
            return
        yield rows
        if len(rows) < size:
            return
        last = rows[-1][: len(keys)]


def _after(keys: tuple[str, ...], last: tuple) -> Q:
    if len(keys) == 1:
        return Q(**{f"{keys[0]}__gt": last[0]})
    column, pk = keys
    # The >= range lets the database walk the column's index; the OR settles ties on the primary key.
    return Q(**{f"{column}__gte": last[0]}) & (Q(**{f"{column}__gt": last[0]}) | Q(**{f"{pk}__gt": last[1]}))


@lru_cache
def _unhandled_relations(model: type[Model], handled: frozenset[type[Model]]) -> list:
    return [
        relation
        for relation in model._meta.get_fields(include_hidden=True)
        if relation.auto_created
        and not relation.concrete
        and (relation.one_to_many or relation.one_to_one)
        and relation.on_delete is not DO_NOTHING
        and relation.related_model not in handled
    ]


def delete_rows(queryset: QuerySet, *, handled: tuple[type[Model], ...] = ()) -> int:
    """Delete the rows of a filtered queryset in one statement; return how many went.

    The caller has already removed the rows of `handled` (the children it knows about). When another
    app points at the model with CASCADE, PROTECT or SET_NULL, Django's collector takes over so that
    app's rule holds.
    """
    model = queryset.model
    if _unhandled_relations(model, frozenset(handled)):
        return queryset.delete()[1].get(model._meta.label, 0)
    # An empty id list compiles to no statement at all, which reports None.
    return queryset._raw_delete(router.db_for_write(model)) or 0
