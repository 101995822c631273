"""The unified audit trail: every history row of every compliance model, newest first.

Reads one query per history table (a fixed number, whatever the data size), merges them by time.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Model
from django.urls import NoReverseMatch, reverse

from callnex_compliance import csv_safe

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


def audit_entries(
    *,
    user: AbstractBaseUser,
    model_label: str = "",
    username: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 500,
) -> list[AuditEntry]:
    """Return up to `limit` changes visible to `user`, newest first, filtered by model, author and date."""
    entries: list[AuditEntry] = []
    for model in audited_models_for(user):
        instance_model = model.instance_type
        if model_label and instance_model._meta.label != model_label:
            continue
        rows = model.objects.select_related("history_user").order_by("-history_date")
        if username:
            rows = rows.filter(history_user__username=username)
        if since:
            rows = rows.filter(history_date__date__gte=since)
        if until:
            rows = rows.filter(history_date__date__lte=until)
        pk_name = instance_model._meta.pk.attname
        for row in rows.only(
            "history_id", "history_date", "history_type", "history_change_reason", "history_user__username", pk_name
        )[:limit]:
            object_id = getattr(row, pk_name)
            entries.append(
                AuditEntry(
                    at=row.history_date,
                    user=row.history_user.username if row.history_user else "system",
                    action=ACTIONS.get(row.history_type, row.history_type),
                    model_label=instance_model._meta.label,
                    model_name=str(instance_model._meta.verbose_name),
                    object_id=object_id,
                    reason=row.history_change_reason or "",
                    history_url=_history_url(instance_model, object_id),
                )
            )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:limit]


def write_audit_csv(entries: Iterable[AuditEntry], stream) -> None:
    """Write the entries as CSV (one row per change) to a text stream."""
    writer = csv_safe.writer(stream)
    writer.writerow(["when", "user", "action", "model", "object id", "reason"])
    for entry in entries:
        writer.writerow(
            [entry.at.isoformat(), entry.user, entry.action, entry.model_label, entry.object_id, entry.reason]
        )
