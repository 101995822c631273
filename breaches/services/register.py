"""The register: logging an incident, its scope, the risk assessment and the state workflow.

open → assessed → contained → closed. An incident that touches only customers' data needs no risk
assessment of ours (it is the customer's), so it may be contained straight from open.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from callnex_compliance.display import human_time

from ..models import BreachDataCategory, Incident, IncidentEvent, ScopeCount
from ..selectors import ScopeFigures, affected_customers, scope_figures
from ._common import locked, record, require_past, require_state, save

State = Incident.State
EDITABLE_FIELDS = (
    "title",
    "description",
    "cause",
    "systems",
    "data_categories",
    "occurred_at",
    "detected_at",
    "aware_at",
    "affects_own_data",
    "approximate_people",
    "approximate_records",
    "consequences",
    "measures_taken",
)


def _clean_categories(categories: list[str]) -> list[str]:
    unknown = set(categories) - set(BreachDataCategory.values)
    if unknown:
        raise ValidationError({"data_categories": f"Unknown data categories: {', '.join(sorted(unknown))}."})
    return [code for code in BreachDataCategory.values if code in set(categories)]


def _allocate_reference(year: int) -> str:
    """Return the next INC-<year>-NNNN; the unique constraint rejects a concurrent duplicate."""
    last = (
        Incident.objects.select_for_update()
        .filter(reference__startswith=f"INC-{year}-")
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"INC-{year}-{number:04d}"


@transaction.atomic
def incident_create(*, title: str, description: str, aware_at: dt.datetime, actor=None, **fields) -> Incident:
    """Log a breach in the register from the moment CallNex became aware of it."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot set {', '.join(sorted(unknown))} when logging an incident.")
    require_past(aware_at, "aware_at", "time of awareness")
    for name in ("occurred_at", "detected_at"):
        if fields.get(name):
            require_past(fields[name], name, name.replace("_", " ").replace(" at", " time"))
    fields["data_categories"] = _clean_categories(fields.get("data_categories") or [])
    incident = Incident(title=title, description=description, aware_at=aware_at, **fields)
    incident.reference = _allocate_reference(timezone.localtime(aware_at).year)
    save(incident, actor=actor, reason="Logged")
    record(
        incident,
        IncidentEvent.Kind.CREATED,
        f"Logged; aware at {human_time(aware_at)}.",
        actor=actor,
    )
    return incident


@transaction.atomic
def incident_update(*, incident: Incident, actor, changes: dict) -> Incident:
    """Change the facts of an open incident; every change is in its history and on the timeline."""
    incident = locked(incident)
    if incident.is_closed:
        raise ValidationError("A closed incident cannot be changed.")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} here.")
    if "data_categories" in changes:
        changes["data_categories"] = _clean_categories(changes["data_categories"] or [])
    for name in ("aware_at", "occurred_at", "detected_at"):
        if changes.get(name):
            require_past(changes[name], name, name.replace("_", " "))
    changed = [name for name, value in changes.items() if getattr(incident, name) != value]
    if not changed:
        return incident
    for name in changed:
        setattr(incident, name, changes[name])
    save(incident, actor=actor, reason="Updated")
    labels = ", ".join(str(Incident._meta.get_field(name).verbose_name) for name in changed)
    record(incident, IncidentEvent.Kind.UPDATED, f"Changed: {labels}.", actor=actor)
    return incident


def incident_add_note(*, incident: Incident, actor, message: str) -> IncidentEvent:
    """Append a note to the timeline (request handlers may do this too)."""
    message = message.strip()
    if not message:
        raise ValidationError({"message": "Write the note."})
    if len(message) > 500:
        raise ValidationError({"message": "A note is at most 500 characters."})
    return record(incident, IncidentEvent.Kind.NOTE, message, actor=actor)


@transaction.atomic
def incident_set_scope(
    *,
    incident: Incident,
    actor,
    customers=(),
    campaigns=(),
    subprocessors=(),
    platform_wide: bool = False,
    window_start: dt.datetime | None = None,
    window_end: dt.datetime | None = None,
) -> ScopeFigures:
    """Link the incident to what it touched, then count the people and records this scope holds."""
    incident = locked(incident)
    if incident.is_closed:
        raise ValidationError("A closed incident cannot be re-scoped.")
    if window_start and window_end and window_end <= window_start:
        raise ValidationError({"window_end": "The time window must end after it starts."})
    incident.platform_wide, incident.window_start, incident.window_end = platform_wide, window_start, window_end
    save(incident, actor=actor, reason="Scope set")
    incident.customers.set(customers)
    incident.campaigns.set(campaigns)
    incident.subprocessors.set(subprocessors)
    return incident_count_scope(incident=incident, actor=actor)


@transaction.atomic
def incident_count_scope(*, incident: Incident, actor) -> ScopeFigures:
    """Count the people and records in scope from the platform data and keep the figures per customer."""
    incident = locked(incident)
    figures = scope_figures(incident)
    incident.scope_counts.all().delete()
    ScopeCount.objects.bulk_create(
        ScopeCount(incident=incident, customer_id=c.customer_id, people=c.people, calls=c.calls,
                   recordings=c.recordings, transcripts=c.transcripts, contacts=c.contacts)
        for c in figures.by_customer.values()
    )  # fmt: skip
    # A named customer is affected even when nothing of its data was counted (e.g. data outside the platform).
    named = affected_customers(incident).exclude(pk__in=list(figures.by_customer)).values_list("pk", flat=True)
    ScopeCount.objects.bulk_create(ScopeCount(incident=incident, customer_id=pk) for pk in named)
    incident.people_in_scope, incident.records_in_scope = figures.people, figures.records
    incident.scope_counted_at = timezone.now()
    save(incident, actor=actor, reason="Scope counted")
    customers = affected_customers(incident).count()
    records = ", ".join(f"{count} {name}" for name, count in figures.records.items())
    record(
        incident,
        IncidentEvent.Kind.SCOPE_COUNTED,
        f"Scope: {figures.people} people, {records}; {customers} affected customer(s).",
        actor=actor,
    )
    return figures


@transaction.atomic
def incident_assess(
    *,
    incident: Incident,
    actor,
    likelihood: str,
    severity: str,
    outcome: str,
    reasons: str,
    art34_exception: str = "",
    art34_exception_reason: str = "",
) -> Incident:
    """Record the risk to people of CallNex's own data (EDPB 9/2022); the outcome sets the controller duties."""
    incident = locked(incident)
    require_state(incident, (State.OPEN, State.ASSESSED, State.CONTAINED), "assess")
    if not incident.affects_own_data:
        raise ValidationError(
            "Only CallNex's own data is assessed here: for customers' data the customer assesses the risk."
        )
    if not reasons.strip():
        raise ValidationError({"reasons": "Give the reasons for the assessment (likelihood and severity)."})
    if art34_exception and outcome != Incident.RiskOutcome.HIGH:
        raise ValidationError({"art34_exception": "An Art. 34(3) exception only matters for a high risk."})
    if art34_exception and not art34_exception_reason.strip():
        raise ValidationError({"art34_exception_reason": "Explain why the Art. 34(3) exception applies."})
    incident.likelihood, incident.severity, incident.risk_outcome = likelihood, severity, outcome
    incident.risk_reasons = reasons.strip()
    incident.art34_exception, incident.art34_exception_reason = art34_exception, art34_exception_reason.strip()
    incident.assessed_at, incident.assessed_by = timezone.now(), actor
    if incident.state == State.OPEN:
        incident.state = State.ASSESSED
    save(incident, actor=actor, reason="Risk assessed")
    message = (
        f"Likelihood {incident.get_likelihood_display().lower()}, severity {incident.get_severity_display().lower()}: "
    )
    message += str(incident.get_risk_outcome_display())
    if art34_exception:
        message += f"; Art. 34(3) exception: {incident.get_art34_exception_display()}"
    record(incident, IncidentEvent.Kind.ASSESSED, message + ".", actor=actor)
    return incident


@transaction.atomic
def incident_contain(*, incident: Incident, actor, note: str = "") -> Incident:
    """Record that the breach is contained (own data must be assessed first)."""
    incident = locked(incident)
    allowed = (State.ASSESSED,) if incident.affects_own_data else (State.OPEN, State.ASSESSED)
    require_state(incident, allowed, "contain")
    incident.state, incident.contained_at = State.CONTAINED, timezone.now()
    save(incident, actor=actor, reason="Contained")
    record(
        incident, IncidentEvent.Kind.CONTAINED, "Contained." + (f" {note.strip()}" if note.strip() else ""), actor=actor
    )
    return incident


def closing_blockers(incident: Incident) -> list[str]:
    """Return what still stops the incident from being closed: the duties not yet met."""
    blockers = []
    notified = set(
        incident.customer_notices.filter(kind="initial", outcome="sent").values_list("customer_id", flat=True)
    )
    missing = [customer.name for customer in affected_customers(incident) if customer.pk not in notified]
    if missing:
        blockers.append(f"Notify the affected customers first: {', '.join(missing)}.")
    if incident.needs_authority and not incident.authority_notifications.filter(phase="initial").exists():
        blockers.append("Record the notification to the supervisory authority first (Art. 33).")
    if incident.needs_people:
        own_people = incident.affected_people.filter(customer__isnull=True)
        if not own_people.exists():
            blockers.append(
                "High risk: list the affected people and inform them (Art. 34), or record an Art. 34(3) exception."
            )
        elif own_people.filter(informed_at__isnull=True).exists():
            blockers.append(
                "High risk: inform every affected person first (Art. 34), or record an Art. 34(3) exception."
            )
    return blockers


@transaction.atomic
def incident_close(*, incident: Incident, actor, note: str = "") -> Incident:
    """Close a contained incident once every duty it triggered is met; it stays in the register."""
    incident = locked(incident)
    require_state(incident, (State.CONTAINED,), "close")
    blockers = closing_blockers(incident)
    if blockers:
        raise ValidationError(blockers, code="duties_open")
    incident.state, incident.closed_at = State.CLOSED, timezone.now()
    save(incident, actor=actor, reason="Closed")
    record(incident, IncidentEvent.Kind.CLOSED, "Closed." + (f" {note.strip()}" if note.strip() else ""), actor=actor)
    return incident
