"""Notifications: each affected customer (processor duty), the authority (controller duty), the people (Art. 34).

The processor duty follows from the scope alone, never from our risk assessment: every customer whose
data the scope holds is told. A customer's data subjects are contacted only on that customer's instruction.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, make_msgid
from django.db import transaction
from django.utils import timezone

from callnex_compliance.platform_data.models import Customer, OrganisationProfile

from .. import texts
from ..models import AffectedPerson, AuthorityNotification, CustomerNotice, Incident, IncidentEvent
from ..selectors import affected_customers
from ._common import locked, record, require_past

logger = logging.getLogger(__name__)
Kind = CustomerNotice.Kind


def _send(*, to: str, subject: str, body: str) -> str:
    """Send one e-mail and return its Message-ID (the proof of which message went out)."""
    message_id = make_msgid(domain="callnex.nl")
    organisation = OrganisationProfile.get_solo()
    EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[organisation.contact_email],
        headers={"Message-ID": message_id},
    ).send()
    return message_id


def _notify_one(incident: Incident, customer: Customer, *, kind: str, update: str, actor) -> CustomerNotice:
    counts = incident.scope_counts.filter(customer=customer).first()
    subject, body = texts.customer_notice(incident, customer=customer, counts=counts, update=update)
    notice = CustomerNotice(incident=incident, customer=customer, kind=kind, recipient=customer.contact_email,
                            subject=subject, body=body, sent_by=actor)  # fmt: skip
    if not customer.contact_email:
        notice.outcome = CustomerNotice.Outcome.NO_ADDRESS
    else:
        try:
            notice.message_id = _send(to=customer.contact_email, subject=subject, body=body)
        except Exception:  # a bad address or SMTP failure must not stop the other customers' notices
            logger.exception("Breach notice for %s to customer #%s failed", incident.reference, customer.pk)
            notice.outcome = CustomerNotice.Outcome.FAILED
        else:
            notice.outcome, notice.sent_at = CustomerNotice.Outcome.SENT, timezone.now()
    notice.save()
    return notice


def customers_to_notify(incident: Incident, *, kind: str) -> list[Customer]:
    """Return the affected customers a notice of `kind` goes to (an initial notice goes once per customer)."""
    customers = list(affected_customers(incident))
    if kind == Kind.INITIAL:
        done = set(
            incident.customer_notices.filter(kind=Kind.INITIAL, outcome="sent").values_list("customer_id", flat=True)
        )
        customers = [customer for customer in customers if customer.pk not in done]
    return customers


@transaction.atomic
def incident_notify_customers(
    *, incident: Incident, actor, kind: str = Kind.INITIAL, update: str = ""
) -> list[CustomerNotice]:
    """Tell every affected customer's privacy contact (Art. 33(2)); initial notices go once per customer."""
    incident = locked(incident)
    if incident.scope_counted_at is None:
        raise ValidationError("Set and count the scope first: the affected customers follow from it.")
    customers = customers_to_notify(incident, kind=kind)
    if kind != Kind.INITIAL and not update.strip():
        raise ValidationError({"update": "Write what is new for the follow-up."})
    if not customers:
        raise ValidationError("No affected customer is waiting for this notice.")
    notices = [_notify_one(incident, customer, kind=kind, update=update.strip(), actor=actor) for customer in customers]
    sent = sum(notice.outcome == CustomerNotice.Outcome.SENT for notice in notices)
    record(
        incident,
        IncidentEvent.Kind.CUSTOMERS_NOTIFIED,
        f"{CustomerNotice.Kind(kind).label}: sent to {sent} of {len(notices)} customer(s)"
        + ("." if sent == len(notices) else "; the others have no working privacy address: chase them."),
        actor=actor,
    )
    return notices


@transaction.atomic
def incident_record_authority_notification(
    *,
    incident: Incident,
    actor,
    phase: str,
    language: str,
    submitted_at: dt.datetime,
    authority_reference: str = "",
    late_reason: str = "",
) -> AuthorityNotification:
    """Record a notification made to the authority, with its text generated from the record."""
    incident = locked(incident)
    require_past(submitted_at, "submitted_at", "time of submission")
    if not incident.affects_own_data:
        raise ValidationError("Customers' data is notified to the authority by each customer, not by CallNex.")
    if not incident.risk_outcome:
        raise ValidationError("Assess the risk first.")
    if submitted_at < incident.aware_at:
        raise ValidationError({"submitted_at": "A notification cannot precede the moment CallNex became aware."})
    has_initial = incident.authority_notifications.filter(phase=AuthorityNotification.Phase.INITIAL).exists()
    if phase == AuthorityNotification.Phase.INITIAL:
        if has_initial:
            raise ValidationError({"phase": "The initial notification is recorded; add a follow-up instead."})
        if submitted_at > incident.authority_deadline and not late_reason.strip():
            raise ValidationError(
                {"late_reason": "Notified after 72 hours: give the reasons for the delay (Art. 33(1))."}
            )
    elif not has_initial:
        raise ValidationError({"phase": "Record the initial notification before a follow-up."})
    content = texts.authority_notification_text(
        incident, language=language, phase=phase, late_reason=late_reason.strip()
    )
    notification = AuthorityNotification(
        incident=incident, phase=phase, language=language, content=content, submitted_at=submitted_at,
        authority_reference=authority_reference.strip(), late_reason=late_reason.strip(), recorded_by=actor,
    )  # fmt: skip
    notification._history_user = actor
    notification.save()
    late = " (late; reasons given)" if late_reason.strip() else ""
    record(incident, IncidentEvent.Kind.AUTHORITY_NOTIFIED,
           f"{notification.get_phase_display()} to the authority recorded{late}.", actor=actor)  # fmt: skip
    return notification


@transaction.atomic
def incident_inform_people(
    *, incident: Incident, actor, customer: Customer | None = None, instruction: str = ""
) -> tuple[int, int]:
    """E-mail the Art. 34(2) communication to the listed people not yet informed; return (emailed, to inform otherwise).

    Without `customer`: CallNex's own data subjects, after a high-risk assessment. With it: that
    customer's data subjects, only on its documented instruction.
    """
    incident = locked(incident)
    if customer is None:
        if not (incident.affects_own_data and incident.risk_outcome == Incident.RiskOutcome.HIGH):
            raise ValidationError(
                "People are informed directly only after a high-risk assessment of CallNex's own data."
            )
    elif not instruction.strip():
        raise ValidationError(
            {"instruction": "A customer's data subjects are contacted only on its instruction: quote it."}
        )
    people = incident.affected_people.filter(customer=customer, informed_at__isnull=True)
    subject, body = texts.people_communication(incident)
    emailed = listed = 0
    for person in people:
        if not person.email:
            listed += 1
            continue
        person.message_id = _send(to=person.email, subject=subject, body=body)
        person.informed_at, person.channel = timezone.now(), AffectedPerson.Channel.EMAIL
        person.save(update_fields=["message_id", "informed_at", "channel"])
        emailed += 1
    whose = (
        "CallNex's own data subjects"
        if customer is None
        else f"data subjects of {customer.name} on its instruction ({instruction.strip()[:200]})"
    )
    record(incident, IncidentEvent.Kind.PEOPLE_INFORMED,
           f"Informed {emailed} of {whose} by e-mail; {listed} to inform by other means.", actor=actor)  # fmt: skip
    return emailed, listed


def affected_person_mark_informed(*, person: AffectedPerson, actor) -> AffectedPerson:
    """Record that a person without an e-mail address was informed by other means (post, phone)."""
    if person.informed_at:
        raise ValidationError("This person is already informed.")
    person.informed_at, person.channel = timezone.now(), AffectedPerson.Channel.OTHER
    person.save(update_fields=["informed_at", "channel"])
    record(
        person.incident,
        IncidentEvent.Kind.PEOPLE_INFORMED,
        f"Affected person #{person.pk} informed by other means.",
        actor=actor,
    )
    return person
