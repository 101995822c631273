"""The status workflow: intake, identity pause, extension and closure of a rights request.

received → awaiting identity (clock paused) → in progress → completed / refused / withdrawn,
or forwarded to the controller (see `matching.py`). Every change appends to the timeline.
"""

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from callnex_compliance.languages import Language, language_of
from callnex_compliance.platform_data.models import Customer
from callnex_compliance.platform_data.normalise import normalise_email, normalise_phone

from .. import deadlines
from ..letters import letter_parts, letter_send
from ..models import (
    ReferenceSequence,
    Right,
    RightsRequest,
    RightsRequestEvent,
    RightsRequestLetter,
    validate_received_at,
)
from ._common import close_when_every_part_is_closed, locked, record, require_status, save
from .allowed import completion_blocker, extension_blocker

logger = logging.getLogger(__name__)

Status = RightsRequest.Status
OPEN_WORK = (Status.RECEIVED, Status.IN_PROGRESS)
WORKING = (Status.IN_PROGRESS, Status.FORWARDED)
OPEN = (Status.RECEIVED, Status.AWAITING_IDENTITY, Status.IN_PROGRESS, Status.FORWARDED)
EDITABLE_FIELDS = (
    "requester_name",
    "requester_email",
    "requester_phone",
    "details",
    "rights",
    "channel",
    "language",
    "role",
    "customer",
    "assignee",
)


def _allocate_reference(year: int) -> str:
    """Return the next reference of `year`; the UPDATE row lock serialises concurrent intakes."""
    ReferenceSequence.objects.get_or_create(year=year)
    ReferenceSequence.objects.filter(year=year).update(last_number=F("last_number") + 1)
    number = ReferenceSequence.objects.values_list("last_number", flat=True).get(year=year)
    return f"RR-{year}-{number:04d}"


def _clean_rights(rights: list[str]) -> list[str]:
    unknown = set(rights) - set(Right.values)
    if unknown:
        raise ValidationError({"rights": f"Unknown right(s): {', '.join(sorted(unknown))}."})
    if not rights:
        raise ValidationError({"rights": "Choose at least one right."})
    return [right for right in Right.values if right in set(rights)]  # canonical order, no duplicates


def _clean_identifiers(email: str, phone: str) -> tuple[str, str]:
    """Return the email and phone in the normal form the platform data is searched by."""
    if not (email or phone):
        raise ValidationError("Enter the requester's email address or phone number.")
    try:
        return (normalise_email(email) if email else "", normalise_phone(phone) if phone else "")
    except ValueError as exc:
        raise ValidationError({"requester_phone": str(exc)}) from exc


def _clean_role(role: str, customer: Customer | None) -> None:
    if role == RightsRequest.Role.PROCESSOR and customer is None:
        raise ValidationError({"customer": "Choose the customer we act for as processor."})
    if role == RightsRequest.Role.CONTROLLER and customer is not None:
        raise ValidationError({"customer": "A controller request has no customer; choose 'processor' instead."})


@transaction.atomic
def rights_request_create(
    *,
    requester_name: str,
    rights: list[str],
    channel: str,
    received_at: dt.datetime,
    requester_email: str = "",
    requester_phone: str = "",
    details: str = "",
    role: str = RightsRequest.Role.CONTROLLER,
    customer: Customer | None = None,
    assignee=None,
    language: str = Language.ENGLISH,
    actor=None,
) -> RightsRequest:
    """Register a request, allocate its reference and acknowledge it with the due date, in its language.

    `language` is the one the person wrote in: Dutch, French or English; any other gives English.
    """
    requester_email, requester_phone = _clean_identifiers(requester_email, requester_phone)
    if timezone.is_naive(received_at):
        raise ValidationError({"received_at": "The time of receipt needs a time zone."})
    try:
        validate_received_at(received_at)
    except ValidationError as error:
        raise ValidationError({"received_at": error.messages}) from None
    _clean_role(role, customer)
    rights_request = RightsRequest(
        requester_name=requester_name,
        requester_email=requester_email,
        requester_phone=requester_phone,
        details=details,
        rights=_clean_rights(rights),
        channel=channel,
        received_at=received_at,
        role=role,
        customer=customer,
        assignee=assignee,
        language=language_of(language),
    )
    rights_request.reference = _allocate_reference(rights_request.received_on.year)
    save(rights_request, actor=actor, reason="Created")
    record(
        rights_request,
        RightsRequestEvent.Kind.CREATED,
        f"Received by {rights_request.get_channel_display().lower()}; "
        f"rights: {', '.join(rights_request.rights)}; due {rights_request.due_on:%d %B %Y}.",
        actor=actor,
    )
    letter_send(
        rights_request=rights_request,
        kind=RightsRequestLetter.Kind.ACKNOWLEDGEMENT,
        actor=actor,
        context={"due_on": rights_request.due_on},
    )
    logger.info("Rights request %s registered", rights_request.reference)
    return rights_request


@transaction.atomic
def rights_request_update(*, rights_request: RightsRequest, actor, changes: dict) -> RightsRequest:
    """Apply corrections to the intake fields (not the status or dates) and note which fields changed."""
    rights_request = locked(rights_request)
    if rights_request.anonymised_at:
        raise ValidationError("An anonymised request can no longer be changed.")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    if "rights" in changes:
        changes["rights"] = _clean_rights(changes["rights"])
    if {"requester_email", "requester_phone"} & set(changes):
        email = changes.get("requester_email", rights_request.requester_email)
        phone = changes.get("requester_phone", rights_request.requester_phone)
        changes["requester_email"], changes["requester_phone"] = _clean_identifiers(email, phone)
    changed = sorted(name for name, value in changes.items() if getattr(rights_request, name) != value)
    if not changed:
        return rights_request
    for name in changed:
        setattr(rights_request, name, changes[name])
    _clean_role(rights_request.role, rights_request.customer)
    save(rights_request, actor=actor, reason=f"Updated {', '.join(changed)}")
    # Field names only: the values may be personal data.
    record(rights_request, RightsRequestEvent.Kind.UPDATED, f"Changed: {', '.join(changed)}.", actor=actor)
    return rights_request


@transaction.atomic
def rights_request_assign(*, rights_request: RightsRequest, assignee, actor) -> RightsRequest:
    """Give the request to `assignee` (None to unassign)."""
    return rights_request_update(rights_request=rights_request, actor=actor, changes={"assignee": assignee})


@transaction.atomic
def rights_request_ask_identity(*, rights_request: RightsRequest, actor, information_needed: str) -> RightsRequest:
    """Ask the requester for what is needed to confirm their identity and pause the clock until they answer.

    Only while the request is open, not overdue and not yet verified (EDPB Guidelines 01/2022): a pause
    cannot hide an overdue request or move a deadline once identity is settled.
    """
    rights_request = locked(rights_request)
    require_status(rights_request, (*OPEN_WORK, Status.FORWARDED), "ask for identity information on")
    if rights_request.is_identity_verified:
        raise ValidationError("The requester's identity is already verified: there is nothing to ask.")
    today = timezone.localdate(timezone=deadlines.BRUSSELS)
    if today > rights_request.due_on:
        raise ValidationError(
            f"The request is overdue since {rights_request.due_on:%d %B %Y}: the clock can no longer be paused.",
            code="overdue",
        )
    if not information_needed.strip():
        raise ValidationError({"information_needed": "Say which information the requester must provide."})
    rights_request.status = Status.AWAITING_IDENTITY
    rights_request.paused_since = timezone.now()
    save(rights_request, actor=actor, reason="Identity requested; clock paused")
    record(
        rights_request,
        RightsRequestEvent.Kind.IDENTITY_REQUESTED,
        "Identity information requested; the clock is paused.",
        actor=actor,
    )
    letter_send(
        rights_request=rights_request,
        kind=RightsRequestLetter.Kind.IDENTITY_REQUEST,
        actor=actor,
        context={"information_needed": information_needed},
    )
    return rights_request


@transaction.atomic
def rights_request_verify_identity(
    *, rights_request: RightsRequest, actor, answer_received_on: dt.date | None = None, note: str = ""
) -> RightsRequest:
    """Record that the requester's identity is confirmed; a pause ends on the day their answer was received.

    Only a note of the check is kept (`note`), never the evidence itself.
    """
    rights_request = locked(rights_request)
    require_status(rights_request, OPEN, "verify the identity on")
    if rights_request.is_identity_verified:
        raise ValidationError("The requester's identity is already verified.")
    message = "Identity verified."
    if rights_request.paused_since:
        if answer_received_on is None:
            raise ValidationError(
                {"answer_received_on": "Enter the date the requester's answer was received: the pause ends then."}
            )
        paused = _end_pause(rights_request, answer_received_on)
        message = (
            f"Identity verified; the answer arrived on {answer_received_on:%d %B %Y}, after {paused} paused day(s); "
            f"due {rights_request.due_date:%d %B %Y}."
        )
        rights_request.status = Status.FORWARDED if rights_request.forwardings.exists() else Status.IN_PROGRESS
    elif rights_request.status == Status.RECEIVED:
        rights_request.status = Status.IN_PROGRESS
    rights_request.identity_verified_at = timezone.now()
    rights_request.identity_check_note = note
    save(rights_request, actor=actor, reason="Identity verified")
    record(rights_request, RightsRequestEvent.Kind.IDENTITY_VERIFIED, message, actor=actor)
    return rights_request


def _end_pause(rights_request: RightsRequest, answered_on: dt.date | None = None) -> int:
    """Add the Brussels days from the pause to the answer (default today) to the paused days; return them."""
    today = timezone.localdate(timezone=deadlines.BRUSSELS)
    started = deadlines.brussels_date(rights_request.paused_since)
    answered_on = answered_on or today
    if not started <= answered_on <= today:
        raise ValidationError(
            {"answer_received_on": f"The answer must have arrived between {started:%d %B %Y} and today."}
        )
    paused = (answered_on - started).days
    rights_request.paused_days += paused
    rights_request.paused_since = None
    return paused


@transaction.atomic
def rights_request_extend(*, rights_request: RightsRequest, actor, months: int, reason: str) -> RightsRequest:
    """Extend the legal deadline by up to two further months, before it passes, and tell the requester."""
    rights_request = locked(rights_request)
    require_status(rights_request, (Status.RECEIVED, Status.IN_PROGRESS, Status.FORWARDED), "extend")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the extension (complexity or number of requests)."})
    if months < 1 or rights_request.extension_months + months > deadlines.MAX_EXTENSION_MONTHS:
        remaining = deadlines.MAX_EXTENSION_MONTHS - rights_request.extension_months
        raise ValidationError({"months": f"The deadline can be extended by {remaining} more month(s) at most."})
    if blocker := extension_blocker(rights_request):
        raise ValidationError(blocker, code="extension_too_late")
    rights_request.extension_months += months
    rights_request.extension_reason = reason
    rights_request.extended_at = timezone.now()
    save(rights_request, actor=actor, reason=f"Extended by {months} month(s)")
    record(
        rights_request,
        RightsRequestEvent.Kind.EXTENDED,
        f"Extended by {months} month(s); now due {rights_request.due_on:%d %B %Y}.",
        actor=actor,
    )
    letter_send(
        rights_request=rights_request,
        kind=RightsRequestLetter.Kind.EXTENSION_NOTICE,
        actor=actor,
        context={"months": months, "reason": reason, "due_on": rights_request.due_on},
    )
    return rights_request


def _close(rights_request: RightsRequest, status: str) -> None:
    if rights_request.paused_since:
        _end_pause(rights_request)
    rights_request.status = status
    rights_request.closed_at = timezone.now()


@transaction.atomic
def rights_request_complete(
    *, rights_request: RightsRequest, actor, outcome_text: str = "", outcome: str = RightsRequest.Outcome.FULFILLED
) -> RightsRequest:
    """Close CallNex's own part and send its letter; the request closes once every customer part is closed too.

    "No data held" is an answer (Art. 15(1)) with its own letter, possible once the data was searched.
    A fulfilled own part needs a verified identity (Art. 12(6)).
    """
    rights_request = locked(rights_request)
    if outcome not in RightsRequest.Outcome.values:
        raise ValidationError({"outcome": "Choose 'fulfilled' or 'no_data'."})
    if rights_request.own_part_closed_at:
        raise ValidationError("CallNex's own part of this request is already completed.")
    if outcome == RightsRequest.Outcome.NO_DATA:
        require_status(rights_request, (Status.RECEIVED, *WORKING), "complete")
        if "account_users" not in rights_request.own_data:
            raise ValidationError("Search the data before you answer that we hold none.")
        if rights_request.has_own_data:
            raise ValidationError("CallNex holds data of its own about the person: it cannot answer 'no data held'.")
    else:
        require_status(rights_request, WORKING, "complete")
        if not rights_request.is_identity_verified:
            raise ValidationError("Verify the requester's identity before completing CallNex's own part (Art. 12(6)).")
        if blocker := completion_blocker(rights_request):
            raise ValidationError(blocker, code="nothing_done")
    rights_request.outcome_text = outcome_text
    rights_request.own_outcome = outcome
    rights_request.own_part_closed_at = timezone.now()
    parts_open = rights_request.forwardings.filter(closed_at__isnull=True).exists()
    if parts_open:
        rights_request.status = Status.FORWARDED
    else:
        _close(rights_request, Status.COMPLETED)
    save(rights_request, actor=actor, reason="Own part completed")
    label = "we hold no data about the person" if outcome == RightsRequest.Outcome.NO_DATA else "fulfilled"
    record(
        rights_request, RightsRequestEvent.Kind.COMPLETED, f"CallNex (own data): part completed — {label}.", actor=actor
    )
    kind = (
        RightsRequestLetter.Kind.NO_DATA
        if outcome == RightsRequest.Outcome.NO_DATA
        else RightsRequestLetter.Kind.COMPLETION
    )
    letter_send(rights_request=rights_request, kind=kind, actor=actor, context=letter_parts(rights_request))
    if parts_open:
        record(
            rights_request,
            RightsRequestEvent.Kind.UPDATED,
            "Waiting for the customers' parts before the request closes.",
            actor=actor,
        )
    else:
        close_when_every_part_is_closed(rights_request, actor=actor)
    return rights_request


@transaction.atomic
def rights_request_refuse(*, rights_request: RightsRequest, actor, reason: str, text: str) -> RightsRequest:
    """Refuse CallNex's own part with a reason from the closed list, citing the right to complain.

    The Art. 12(5), 17(3) and 23 grounds are CallNex's only for its own data: open customer parts stay
    open until their instruction is handled, and the request closes when every part is closed.
    """
    rights_request = locked(rights_request)
    require_status(rights_request, OPEN, "refuse")
    if reason not in RightsRequest.RefusalReason.values:
        raise ValidationError({"reason": "Choose a reason from the list."})
    if not text.strip():
        raise ValidationError({"text": "Explain the refusal to the requester."})
    parts_open = rights_request.forwardings.filter(closed_at__isnull=True).exists()
    if parts_open and not rights_request.has_own_part:
        raise ValidationError("Only the customer decides its part: record its instruction instead of refusing.")
    if rights_request.own_part_closed_at:
        raise ValidationError("CallNex's own part of this request is already closed.")
    rights_request.refusal_reason = reason
    rights_request.outcome_text = text
    rights_request.own_outcome = RightsRequest.Outcome.REFUSED
    rights_request.own_part_closed_at = timezone.now()
    if parts_open:
        if rights_request.paused_since:
            _end_pause(rights_request)
        rights_request.status = Status.FORWARDED
    else:
        _close(rights_request, Status.REFUSED)
    save(rights_request, actor=actor, reason="Refused")
    scope = "CallNex (own data): part refused" if parts_open else "Refused"
    record(
        rights_request,
        RightsRequestEvent.Kind.REFUSED,
        f"{scope}: {rights_request.get_refusal_reason_display()}.",
        actor=actor,
    )
    letter_send(
        rights_request=rights_request,
        kind=RightsRequestLetter.Kind.REFUSAL,
        actor=actor,
        context=letter_parts(rights_request),
    )
    return rights_request


@transaction.atomic
def rights_request_withdraw(*, rights_request: RightsRequest, actor, note: str = "") -> RightsRequest:
    """Close the request because the requester withdrew it."""
    rights_request = locked(rights_request)
    require_status(rights_request, OPEN, "withdraw")
    rights_request.outcome_text = note
    _close(rights_request, Status.WITHDRAWN)
    save(rights_request, actor=actor, reason="Withdrawn")
    record(rights_request, RightsRequestEvent.Kind.WITHDRAWN, "Withdrawn by the requester.", actor=actor)
    return rights_request
