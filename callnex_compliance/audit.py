"""The unified audit trail: every history row of every compliance model, newest first.

One query per history table (a fixed number, whatever the data size), merged by time: a page reads at
most `page × per page` rows of each table, and the CSV export streams every matching row through
server-side iterators, merged lazily, so a year's export is complete and never held in memory.
"""

import datetime as dt
import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Model, QuerySet
from django.urls import NoReverseMatch, reverse

from callnex_compliance import csv_safe
from callnex_compliance.display import human_time

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class AuditEntry:
    """One change to one compliance record."""

    at: dt.datetime
    user: str
    action: str
    model_label: str
    model_name: str
    object_id: object
    record: str
    reason: str
    history_url: str


def history_models() -> list[type[Model]]:
    """Return the history models of every model that keeps a history, ordered by label."""
    found = [
        model
        for model in apps.get_models()
        if hasattr(model, "instance_type") and any(f.name == "history_date" for f in model._meta.fields)
    ]
    return sorted(found, key=lambda model: model.instance_type._meta.label)


def audited_models_for(user: AbstractBaseUser) -> list[type[Model]]:
    """Return the history models whose records `user` may view."""
    return [
        model
        for model in history_models()
        if user.has_perm(f"{model.instance_type._meta.app_label}.view_{model.instance_type._meta.model_name}")
    ]


def _history_url(instance_model: type[Model], object_id) -> str:
    meta = instance_model._meta
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[object_id])
    except NoReverseMatch:
        return ""


def _record_label(row, instance_model: type[Model], object_id) -> str:
    """Return how a person names the record (`RR-2026-0001`), from the version itself."""
    reference = getattr(row, "reference", "")
    if reference:
        return str(reference)
    try:
        return str(row.instance)
    except Exception:  # a __str__ reaching a since-deleted related row: fall back to the type and id
        return f"{instance_model._meta.verbose_name} #{object_id}"


def _entry(row, instance_model: type[Model]) -> AuditEntry:
    object_id = getattr(row, instance_model._meta.pk.attname)
    return AuditEntry(
        at=row.history_date,
        user=row.history_user.get_username() if row.history_user else "system",
        action=ACTIONS.get(row.history_type, row.history_type),
        model_label=instance_model._meta.label,
        model_name=str(instance_model._meta.verbose_name),
        object_id=object_id,
        record=_record_label(row, instance_model, object_id),
        reason=row.history_change_reason or "",
        history_url=_history_url(instance_model, object_id),
    )


class AuditTrail:
    """The changes visible to one user under some filters: countable, sliceable (a Paginator's object list)."""

    def __init__(self, parts: list[tuple[type[Model], QuerySet]]):
        self.parts = parts

    def count(self) -> int:
        return sum(rows.count() for _, rows in self.parts)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        if stop is None:
            return list(self)[start:]
        rows = [(row, model) for model, queryset in self.parts for row in queryset[:stop]]
        rows.sort(key=lambda pair: (pair[0].history_date, pair[0].history_id), reverse=True)
        return [_entry(row, model) for row, model in rows[start:stop]]

    def __iter__(self) -> Iterator[AuditEntry]:
        streams = [_entries_of(model, queryset) for model, queryset in self.parts]
        return heapq.merge(*streams, key=lambda entry: entry.at, reverse=True)


def _entries_of(model: type[Model], rows: QuerySet) -> Iterator[AuditEntry]:
    # A function, not a generator expression in a comprehension: that would label every row with the last model.
    for row in rows.iterator(chunk_size=1000):
        yield _entry(row, model)


def audit_trail(
    *,
    user: AbstractBaseUser,
    model_label: str = "",
    username: str = "",
    action: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> AuditTrail:
    """Return the changes visible to `user`, newest first, filtered by record type, author, action and date."""
    parts = []
    for model in audited_models_for(user):
        instance_model = model.instance_type
        if model_label and instance_model._meta.label != model_label:
            continue
        rows = model.objects.select_related("history_user").order_by("-history_date", "-history_id")
        if username:
            rows = rows.filter(history_user__username=username)
        if action:
            rows = rows.filter(history_type=action)
        if since:
            rows = rows.filter(history_date__date__gte=since)
        if until:
            rows = rows.filter(history_date__date__lte=until)
        parts.append((instance_model, rows))
    return AuditTrail(parts)


def audit_entries(*, user: AbstractBaseUser, limit: int | None = None, **filters) -> list[AuditEntry]:
    """Return the matching changes as a list, newest first (all of them unless `limit` is given)."""
    trail = audit_trail(user=user, **filters)
    return trail[:limit] if limit else list(trail)


CSV_HEADER = ["when", "user", "action", "model", "record", "object id", "reason"]


def audit_csv_rows(entries: Iterable[AuditEntry]) -> Iterator[list]:
    """Yield the CSV header, then one row per change."""
    yield CSV_HEADER
    for entry in entries:
        yield [human_time(entry.at), entry.user, entry.action, entry.model_label, entry.record, entry.object_id,
               entry.reason]  # fmt: skip


def write_audit_csv(entries: Iterable[AuditEntry], stream) -> None:
    """Write the entries as CSV (one row per change) to a text stream."""
    csv_safe.writer(stream).writerows(audit_csv_rows(entries))
