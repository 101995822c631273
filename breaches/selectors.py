"""Reads of the breaches app: what an incident's scope holds of the platform data, and the deadlines.

Counting aggregates in SQL over the (campaign, ended_at) and ended_at indexes of the call records:
one GROUP BY query per data kind, whatever the number of rows in scope.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from callnex_compliance.platform_data.models import CallRecord, Campaign, Contact, Customer

from .models import AUTHORITY_DEADLINE, RED_UNDER, BreachDataCategory, BreachSettings, Incident

CALL_KINDS = (BreachDataCategory.CALL_RECORDS, BreachDataCategory.CALL_RECORDINGS, BreachDataCategory.TRANSCRIPTS)


@dataclass
class CustomerScope:
    customer_id: int
    people: int = 0
    calls: int = 0
    recordings: int = 0
    transcripts: int = 0
    contacts: int = 0


@dataclass
class ScopeFigures:
    """The people and records an incident's scope holds, in total and per affected customer."""

    people: int = 0
    calls: int = 0
    recordings: int = 0
    transcripts: int = 0
    contacts: int = 0
    by_customer: dict[int, CustomerScope] = field(default_factory=dict)

    @property
    def records(self) -> dict[str, int]:
        return {
            "calls": self.calls,
            "recordings": self.recordings,
            "transcripts": self.transcripts,
            "contacts": self.contacts,
        }


def _campaign_q(incident: Incident, prefix: str) -> Q | None:
    """Return the condition "in a scoped campaign", or None when the scope names no platform data."""
    if incident.platform_wide:
        return Q()
    campaign_ids = list(incident.campaigns.values_list("pk", flat=True))
    customer_ids = list(incident.customers.values_list("pk", flat=True))
    if not campaign_ids and not customer_ids:
        return None
    return Q(**{f"{prefix}campaign_id__in": campaign_ids}) | Q(**{f"{prefix}campaign__customer_id__in": customer_ids})


def scoped_calls(incident: Incident) -> QuerySet[CallRecord]:
    """Return the calls in the incident's campaigns and time window (ended within it)."""
    in_campaigns = _campaign_q(incident, "")
    if in_campaigns is None:
        return CallRecord.objects.none()
    calls = CallRecord.objects.filter(in_campaigns)
    if incident.window_start:
        calls = calls.filter(ended_at__gte=incident.window_start)
    if incident.window_end:
        calls = calls.filter(ended_at__lt=incident.window_end)
    return calls.order_by()


def scoped_contacts(incident: Incident) -> QuerySet[Contact]:
    """Return the contacts in scope: of the scoped campaigns, only those called in the window when one is set."""
    in_campaigns = _campaign_q(incident, "")
    if in_campaigns is None:
        return Contact.objects.none()
    contacts = Contact.objects.filter(in_campaigns)
    if incident.window_start or incident.window_end:
        contacts = contacts.filter(pk__in=scoped_calls(incident).filter(contact__isnull=False).values("contact_id"))
    return contacts.order_by()


def scope_figures(incident: Incident) -> ScopeFigures:
    """Count the people (distinct numbers) and records in scope, per customer, for the touched categories."""
    categories = set(incident.data_categories)
    calls_touched = bool(categories & set(CALL_KINDS))
    contacts_touched = BreachDataCategory.CAMPAIGN_CONTACTS in categories
    figures = ScopeFigures()
    customer = "campaign__customer_id"

    def slot(customer_id: int) -> CustomerScope:
        return figures.by_customer.setdefault(customer_id, CustomerScope(customer_id))

    if calls_touched:
        calls = scoped_calls(incident)
        for row in calls.values(customer).annotate(
            calls=Count("pk"),
            recordings=Count("recording"),
            transcripts=Count("transcript"),
            people=Count("remote_number", distinct=True),
        ):
            counts = slot(row[customer])
            if BreachDataCategory.CALL_RECORDS in categories:
                counts.calls = row["calls"]
            if BreachDataCategory.CALL_RECORDINGS in categories:
                counts.recordings = row["recordings"]
            if BreachDataCategory.TRANSCRIPTS in categories:
                counts.transcripts = row["transcripts"]
            counts.people = row["people"]
    if contacts_touched:
        for row in scoped_contacts(incident).values(customer).annotate(contacts=Count("pk")):
            slot(row[customer]).contacts = row["contacts"]
    _count_people(incident, figures, calls_touched=calls_touched, contacts_touched=contacts_touched)
    for name in ("calls", "recordings", "transcripts", "contacts"):
        setattr(figures, name, sum(getattr(c, name) for c in figures.by_customer.values()))
    return figures


def _count_people(incident: Incident, figures: ScopeFigures, *, calls_touched: bool, contacts_touched: bool) -> None:
    """Count distinct phone numbers across calls and contacts in scope (one person per number)."""
    numbers = []
    if calls_touched:
        numbers.append(scoped_calls(incident).values_list("remote_number"))
    if contacts_touched:
        numbers.append(scoped_contacts(incident).values_list("phone"))
        if not calls_touched:
            for row in (
                scoped_contacts(incident).values("campaign__customer_id").annotate(people=Count("phone", distinct=True))
            ):
                figures.by_customer[row["campaign__customer_id"]].people = row["people"]
    if not numbers:
        return
    if len(numbers) == 1:
        figures.people = numbers[0].distinct().count()
    else:
        figures.people = numbers[0].union(numbers[1]).count()  # UNION removes duplicates


def affected_customers(incident: Incident) -> QuerySet[Customer]:
    """Return the customers whose data the scope holds: named ones, owners of named campaigns, and counted ones."""
    counted = incident.scope_counts.values("customer_id")
    return Customer.objects.filter(
        Q(pk__in=incident.customers.values("pk"))
        | Q(pk__in=Campaign.objects.filter(pk__in=incident.campaigns.values("pk")).values("customer_id"))
        | Q(pk__in=counted)
    ).order_by("name")


def customer_notice_deadline(incident: Incident, *, hours: int | None = None) -> dt.datetime:
    """Return aware_at + the DPA notice period (editable, default 24 h), in real hours."""
    hours = hours if hours is not None else BreachSettings.get_solo().customer_notice_hours
    return incident.aware_at.astimezone(dt.UTC) + dt.timedelta(hours=hours)


def authority_clock(incident: Incident, *, now: dt.datetime | None = None) -> tuple[dt.timedelta, str]:
    """Return the time left to the authority deadline and its tone: ok, warn (red, < 24 h) or alert (overdue)."""
    now = now or timezone.now()
    left = incident.aware_at + AUTHORITY_DEADLINE - now
    if left <= dt.timedelta(0):
        return left, "alert"
    return left, "warn" if left < RED_UNDER else "ok"


def format_left(left: dt.timedelta) -> str:
    """Return "5 h 20 min left" or "3 h 05 min overdue"."""
    seconds = int(abs(left.total_seconds()))
    hours, minutes = seconds // 3600, seconds % 3600 // 60
    return f"{hours} h {minutes:02d} min {'left' if left.total_seconds() > 0 else 'overdue'}"


def awaiting_authority(incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    """Return open incidents on CallNex's own data whose authority notification is (or may be) due."""
    return (
        incidents.filter(affects_own_data=True)
        .exclude(state=Incident.State.CLOSED)
        .exclude(risk_outcome=Incident.RiskOutcome.UNLIKELY)
        .exclude(authority_notifications__phase="initial")
    )
