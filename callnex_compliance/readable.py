"""Turn stored values into the words a person reads: choice labels, dates, names, counts, lists.

Used wherever the admin shows a value it did not render through a form field: the history pages
(changes between versions), the audit trail and display columns built from JSON fields.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import models

from callnex_compliance.display import human_date, human_time

EMPTY = "—"


def readable_counts(counts: Mapping[str, Any] | None) -> str:
    """Return `3 contacts, 2 calls` for `{"contacts": 3, "calls": 2}`; "none" when every count is 0."""
    if not counts:
        return "none"
    parts = [f"{value} {str(key).replace('_', ' ')}" for key, value in counts.items() if value]
    return ", ".join(parts) if parts else "none"


def readable_choices(values, choices) -> str:
    """Return `Access, Erasure` for `["access", "erasure"]`, given the field's choices."""
    labels = dict(choices or ())
    return ", ".join(str(labels.get(value, value)) for value in values or ()) or EMPTY


def readable_value(field: models.Field | None, value: Any) -> str:
    """Return `value` of `field` as a person reads it (never `None`, `True`, a repr or an ISO timestamp)."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    flatchoices = getattr(field, "flatchoices", None) if field is not None else None
    if flatchoices and not isinstance(value, list | tuple | dict):
        return str(dict(flatchoices).get(value, value))
    if hasattr(value, "code") and hasattr(value, "name"):  # a django-countries Country
        return str(value.name)
    base_field = getattr(field, "base_field", None)
    if isinstance(value, list | tuple | set):
        if base_field is not None and base_field.choices:
            return readable_choices(value, base_field.flatchoices)
        return ", ".join(readable_value(None, item) for item in value) or EMPTY
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return human_time(value)
    if isinstance(value, dt.date):
        return human_date(value)
    if isinstance(value, Mapping):
        if all(isinstance(count, int) for count in value.values()):
            return readable_counts(value)
        return "; ".join(f"{str(key).replace('_', ' ')}: {readable_value(None, item)}" for key, item in value.items())
    if type(value).__name__ == "DeletedObject":
        return f"{value.model._meta.verbose_name} (since deleted)" if value.pk is not None else EMPTY
    if isinstance(value, dict):
        return str(value)
    return str(value)


def readable_id_lists(ids_by_kind: Mapping[str, list] | None) -> str:
    """Return `1 account user, 2 support tickets` for `{"account_users": [3], "support_tickets": [1, 4]}`."""
    return readable_counts({kind: len(ids or ()) for kind, ids in (ids_by_kind or {}).items()})


def readable_snapshot(rows: list[Mapping[str, Any]] | None) -> str:
    """Return one line per sub-processor of a DPA's annex snapshot: `Gladia SAS — Speech-to-text (FR)`."""
    lines = []
    for row in rows or ():
        where = ", ".join(row.get("locations") or ()) or "location not recorded"
        safeguard = f"; {row['transfer_safeguard']}" if row.get("transfer_safeguard") else ""
        lines.append(
            f"{row.get('legal_name') or row.get('public_name')} — {row.get('service', '')} ({where}{safeguard})"
        )
    return "\n".join(lines) or EMPTY


def shown(field_name: str, description: str, render=None):
    """Return an admin display method showing the model field `field_name` readably (for readonly_fields)."""
    from django.contrib import admin

    @admin.display(description=description)
    def show(model_admin, obj) -> str:
        value = getattr(obj, field_name)
        return render(value) if render else readable_value(obj._meta.get_field(field_name), value)

    return show
