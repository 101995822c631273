"""Helpers shared by the services: row locks, state checks, saves with a history reason, timeline entries."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from ..models import Incident, IncidentEvent


def locked(incident: Incident) -> Incident:
    """Return a fresh copy of the incident, locked for this transaction so transitions never interleave."""
    return Incident.objects.select_for_update().get(pk=incident.pk)


def require_state(incident: Incident, allowed: tuple[str, ...], action: str) -> None:
    """Raise a clear ValidationError unless the incident is in one of the `allowed` states."""
    if incident.state not in allowed:
        labels = ", ".join(str(Incident.State(s).label).lower() for s in allowed)
        raise ValidationError(
            f"Cannot {action} an incident that is {incident.get_state_display().lower()} (only when {labels}).",
            code="invalid_transition",
        )


EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # older dates are typing errors (and have no sane UTC offset)


def require_past(moment: dt.datetime, field: str, label: str) -> None:
    if timezone.is_naive(moment):
        raise ValidationError({field: f"The {label} needs a time zone."})
    if moment < EARLIEST:
        raise ValidationError({field: f"The {label} cannot be before 2000."})
    if moment > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({field: f"The {label} cannot be in the future."})


def save(incident: Incident, *, actor, reason: str) -> Incident:
    incident._history_user = actor
    incident._change_reason = reason[:100]
    incident.full_clean(exclude=["customers", "campaigns", "subprocessors", "weak_measures", "reference"])
    incident.save()
    return incident


def record(incident: Incident, kind: str, message: str, *, actor=None) -> IncidentEvent:
    """Append an entry to the incident's timeline; `message` must not contain personal data."""
    event = IncidentEvent(incident=incident, kind=kind, actor=actor, message=message[:500])
    event._history_user = actor
    event.save()
    return event
