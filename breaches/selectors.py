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


def scope_campaign_ids(incident: Incident) -> list[int] | None:
    """Return the ids of the scoped campaigns (named ones and all of the named customers'); None for every campaign."""
    if incident.platform_wide:
        return None
    named = Q(pk__in=incident.campaigns.values("pk")) | Q(customer_id__in=incident.customers.values("pk"))
    return list(Campaign.objects.filter(named).values_list("pk", flat=True))


def scoped_calls(incident: Incident, campaign_ids: list[int] | None = None) -> QuerySet[CallRecord]:
    """Return the calls in the incident's campaigns and time window (ended within it)."""
    if campaign_ids is None and not incident.platform_wide:
        campaign_ids = scope_campaign_ids(incident)
    calls = (
        CallRecord.objects.all() if campaign_ids is None else CallRecord.objects.filter(campaign_id__in=campaign_ids)
    )
    if incident.window_start:
        calls = calls.filter(ended_at__gte=incident.window_start)
    if incident.window_end:
        calls = calls.filter(ended_at__lt=incident.window_end)
    return calls.order_by()


def scoped_contacts(incident: Incident, campaign_ids: list[int] | None = None) -> QuerySet[Contact]:
    """Return the contacts in scope: of the scoped campaigns, only those called in the window when one is set."""
    if campaign_ids is None and not incident.platform_wide:
        campaign_ids = scope_campaign_ids(incident)
    contacts = Contact.objects.all() if campaign_ids is None else Contact.objects.filter(campaign_id__in=campaign_ids)
    if incident.window_start or incident.window_end:
        called = scoped_calls(incident, campaign_ids).filter(contact__isnull=False).values("contact_id")
        contacts = contacts.filter(pk__in=called)
    return contacts.order_by()


def scope_figures(incident: Incident) -> ScopeFigures:
    """Count the people (distinct numbers) and records in scope, per customer, for the touched categories."""
    categories = set(incident.data_categories)
    calls_touched = bool(categories & set(CALL_KINDS))
    contacts_touched = BreachDataCategory.CAMPAIGN_CONTACTS in categories
    figures = ScopeFigures()
    customer = "campaign__customer_id"
    campaign_ids = scope_campaign_ids(incident)
    if campaign_ids == []:
        return figures

    def slot(customer_id: int) -> CustomerScope:
        return figures.by_customer.setdefault(customer_id, CustomerScope(customer_id))

    windowed = bool(incident.window_start or incident.window_end)
    if calls_touched or (contacts_touched and windowed):
        # One pass over the calls in the window (index on ended_at / (campaign, ended_at)); with a window,
        # the contacts in scope are the ones called in it, counted in the same pass.
        calls = scoped_calls(incident, campaign_ids)
        for row in calls.values(customer).annotate(
            calls=Count("pk"),
            recordings=Count("recording"),
            transcripts=Count("transcript"),
            people=Count("remote_number", distinct=True),
            contacts=Count("contact_id", distinct=True),
        ):
            counts = slot(row[customer])
            counts.calls = row["calls"] if BreachDataCategory.CALL_RECORDS in categories else 0
            counts.recordings = row["recordings"] if BreachDataCategory.CALL_RECORDINGS in categories else 0
            counts.transcripts = row["transcripts"] if BreachDataCategory.TRANSCRIPTS in categories else 0
            counts.contacts = row["contacts"] if contacts_touched else 0
            counts.people = row["people"] if calls_touched else row["contacts"]
    elif contacts_touched:
        contacts = scoped_contacts(incident, campaign_ids).values(customer)
        for row in contacts.annotate(contacts=Count("pk"), people=Count("phone", distinct=True)):
            slot(row[customer]).contacts, slot(row[customer]).people = row["contacts"], row["people"]
    figures.people = _count_people(incident, campaign_ids, calls=calls_touched, contacts=contacts_touched)
    for name in ("calls", "recordings", "transcripts", "contacts"):
        setattr(figures, name, sum(getattr(c, name) for c in figures.by_customer.values()))
    return figures


def _count_people(incident: Incident, campaign_ids: list[int] | None, *, calls: bool, contacts: bool) -> int:
    """Count distinct phone numbers in scope (one person per number).

    With a window, the people are the numbers called in it (the contacts in scope are those called);
    without one, the numbers of the calls and of the whole contact lists together.
    """
    in_calls = scoped_calls(incident, campaign_ids)
    if incident.window_start or incident.window_end:
        if calls:
            return in_calls.values_list("remote_number").distinct().count()
        return in_calls.filter(contact__isnull=False).values_list("contact__phone").distinct().count()
    numbers = []
    if calls:
        numbers.append(in_calls.values_list("remote_number"))
    if contacts:
        numbers.append(scoped_contacts(incident, campaign_ids).values_list("phone"))
    if not numbers:
        return 0
    if len(numbers) == 1:
        return numbers[0].distinct().count()
    return numbers[0].union(numbers[1]).count()  # UNION removes duplicates


def affected_customers(incident: Incident) -> QuerySet[Customer]:
    """Return the customers whose data the scope holds: named ones, owners of named campaigns, and counted ones."""
    counted = incident.scope_counts.values("customer_id")
    return Customer.objects.filter(
        Q(pk__in=incident.customers.values("pk"))
        | Q(pk__in=Campaign.objects.filter(pk__in=incident.campaigns.values("pk")).values("customer_id"))
        | Q(pk__in=counted)
    ).order_by("name")


def customer_notice_hours() -> int:
    """Return the DPA notice period in hours (editable in admin; the default until first saved), in one query."""
    saved = BreachSettings.objects.filter(pk=BreachSettings.SINGLETON_PK).values_list(
        "customer_notice_hours", flat=True
    )
    return saved.first() or BreachSettings._meta.get_field("customer_notice_hours").default


def customer_notice_deadline(incident: Incident, *, hours: int | None = None) -> dt.datetime:
    """Return aware_at + the DPA notice period (editable, default 24 h), in real hours."""
    hours = hours if hours is not None else customer_notice_hours()
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
