"""Factories for breach incidents (logged through the service, so references and timelines are real)."""

import datetime as dt

from django.utils import timezone

from breaches import services
from breaches.models import Incident


def incident(*, aware_hours_ago: float = 2, actor=None, **fields) -> Incident:
    """Log an incident CallNex became aware of `aware_hours_ago` hours ago."""
    fields.setdefault("title", "Laptop with an export stolen")
    fields.setdefault("description", "An unencrypted export was on a stolen laptop.")
    aware_at = fields.pop("aware_at", None) or timezone.now() - dt.timedelta(hours=aware_hours_ago)
    return services.incident_create(aware_at=aware_at, actor=actor, **fields)
