"""The breaches card of the admin dashboard: the 72-hour countdowns and the customer notices still due.

Four queries whatever the number of incidents; red under 24 hours left, alert once overdue. Customer
notices still due are listed with their own (DPA) deadline.
"""

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.urls import reverse

from callnex_compliance.dashboard import Figure, Section

from .models import CustomerNotice, Incident, ScopeCount
from .selectors import authority_clock, awaiting_authority, customer_notice_hours, format_left

TONE_RANK = {"ok": 0, "warn": 1, "alert": 2}


def _changelist(**params) -> str:
    url = reverse("admin:breaches_incident_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def breaches_section(now: dt.datetime) -> Section:
    """Open incidents, their authority countdowns, and incidents with customers still to notify (four queries)."""
    open_incidents = Incident.objects.exclude(state=Incident.State.CLOSED)
    section = Section("Personal-data breaches", url=_changelist())
    waiting = list(
        awaiting_authority(open_incidents)
        .order_by("aware_at")
        .only("pk", "reference", "title", "aware_at", "risk_outcome")
    )
    tones = []
    for incident in waiting:
        left, tone = authority_clock(incident, now=now)
        tones.append(tone)
        label = "Authority deadline" if incident.risk_outcome else "Assess, then authority deadline"
        section.rows.append((
            f"{incident.reference}: {incident.title}",
            f"{label}: {format_left(left)}",
            reverse("admin:breaches_incident_change", args=[incident.pk]),
        ))  # fmt: skip
    unnotified = ScopeCount.objects.filter(incident__in=open_incidents).exclude(
        Exists(CustomerNotice.objects.filter(incident=OuterRef("incident"), customer=OuterRef("customer"),
                                             kind="initial", outcome="sent"))
    )  # fmt: skip
    hours = customer_notice_hours()
    due = unnotified.values("incident_id", "incident__reference", "incident__aware_at").distinct()
    notice_tones = []
    for row in due.order_by("incident__aware_at"):
        left = row["incident__aware_at"] + dt.timedelta(hours=hours) - now
        notice_tones.append("alert" if left <= dt.timedelta(0) else "warn")
        section.rows.append((
            row["incident__reference"],
            f"Customer notices (within {hours} h): {format_left(left)}",
            reverse("admin:breaches_incident_change", args=[row["incident_id"]]),
        ))  # fmt: skip
    customers_due = len(notice_tones)
    section.figures = [
        Figure("Open incidents", open_incidents.count(), _changelist(state__exact="open")),
        Figure("Awaiting the authority", len(waiting), _changelist(), max(tones, key=TONE_RANK.get, default="ok")),
        Figure(
            "With customers to notify", customers_due, _changelist(), max(notice_tones, key=TONE_RANK.get, default="ok")
        ),
    ]
    section.tone = max([*tones, *notice_tones, "ok"], key=TONE_RANK.get)
    return section
