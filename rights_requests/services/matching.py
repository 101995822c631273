"""Find the subject's data per data holder, forward each customer's part and record its instruction.

One request can touch both roles (domain.md "Two GDPR roles"): CallNex's own controller data, which
CallNex answers for, and campaign data of several customers, where CallNex is processor. Each customer
with data about the subject gets its own part: forwarded to its privacy contact (Art. 28(3)(e)) and
acted on only on its documented instruction (Art. 28(3)(a)), on the DPA's assistance deadline.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from callnex_compliance.platform_data.models import Customer, OrganisationProfile
from callnex_compliance.platform_data.normalise import normalise_email, normalise_phone

from .. import deadlines
from ..discovery import subject_footprint
from ..letters import letter_send
from ..models import (
    INSTRUCTIONS_WITHOUT_ACTION,
    Forwarding,
    Instruction,
    RightsRequest,
    RightsRequestEvent,
    RightsRequestLetter,
    SubjectMatch,
)
from ..own_data import own_data_counts, own_data_find_all, own_data_summary
from ._common import close_when_every_part_is_closed, locked, record, require_status, save

Status = RightsRequest.Status
# Searching to know whom to forward to is allowed before identity is verified.
SEARCHABLE = (Status.RECEIVED, Status.AWAITING_IDENTITY, Status.IN_PROGRESS, Status.FORWARDED)


def summarise(matches) -> str:
    """Return counts such as '2 contacts, 4 calls, 1 recording, 1 transcript in 2 campaigns'."""
    totals = {"contact": 0, "call": 0, "recording": 0, "transcript": 0}
    campaigns = 0
    for match in matches:
        campaigns += 1
        totals["contact"] += match.contacts
        totals["call"] += match.calls
        totals["recording"] += match.recordings
        totals["transcript"] += match.transcripts
    parts = [f"{count} {name}{'' if count == 1 else 's'}" for name, count in totals.items()]
    return f"{', '.join(parts)} in {campaigns} campaign{'' if campaigns == 1 else 's'}"


@transaction.atomic
def rights_request_add_identifiers(
    *, rights_request: RightsRequest, actor, emails: list[str] = (), phones: list[str] = ()
) -> RightsRequest:
    """Add email addresses and phone numbers the subject's data is also searched by (normalised, no duplicates)."""
    rights_request = locked(rights_request)
    require_status(rights_request, SEARCHABLE, "add identifiers to")
    try:
        added = [normalise_email(e) for e in emails if e.strip()] + [normalise_phone(p) for p in phones if p.strip()]
    except ValueError as exc:
        raise ValidationError({"phone": str(exc)}) from exc
    known = {rights_request.requester_email, rights_request.requester_phone, *rights_request.other_identifiers}
    new = [value for value in dict.fromkeys(added) if value not in known]
    if not new:
        return rights_request
    rights_request.other_identifiers = [*rights_request.other_identifiers, *new]
    emails_added = sum("@" in value for value in new)
    record(
        rights_request,
        RightsRequestEvent.Kind.UPDATED,
        f"Identifiers to search by added: {emails_added} email address(es), {len(new) - emails_added} phone number(s).",
        actor=actor,
    )
    return save(rights_request, actor=actor, reason="Identifiers added")


@transaction.atomic
def rights_request_link_matches(*, rights_request: RightsRequest, actor) -> list[SubjectMatch]:
    """Search the platform data by the request's identifiers and link what is found, replacing earlier links.

    The identifiers are the requester's email and phone and any staff added (`rights_request_add_identifiers`).
    """
    rights_request = locked(rights_request)
    require_status(rights_request, SEARCHABLE, "search data for")
    identifiers = rights_request.search_identifiers
    rights_request.own_data = own_data_find_all(identifiers)
    footprints = subject_footprint(more=identifiers)
    rights_request.matches.all().delete()
    matches = bulk_create_with_history(
        [
            SubjectMatch(
                rights_request=rights_request,
                customer=footprint.customer,
                campaign=footprint.campaign,
                contact_ids=footprint.contact_ids,
                call_ids=footprint.call_ids,
                contacts=len(footprint.contact_ids),
                calls=len(footprint.call_ids),
                recordings=footprint.recordings,
                transcripts=footprint.transcripts,
            )
            for footprint in footprints
        ],
        SubjectMatch,
        default_user=actor,
    )
    customers = {footprint.customer for footprint in footprints}
    known = set(rights_request.forwardings.values_list("customer_id", flat=True))
    bulk_create_with_history(
        [
            Forwarding(rights_request=rights_request, customer=customer)
            for customer in sorted(customers, key=lambda c: c.pk)
            if customer.pk not in known
        ],
        Forwarding,
        default_user=actor,
    )
    own = own_data_counts(rights_request)
    own_message = (
        f"CallNex's own data (controller): {own_data_summary(own)}."
        if any(own.values())
        else "CallNex's own data (controller): none found."
    )
    record(rights_request, RightsRequestEvent.Kind.DATA_FOUND, own_message, actor=actor)
    for customer in sorted(customers, key=lambda c: c.pk):
        mine = [match for match in matches if match.customer_id == customer.pk]
        record(
            rights_request,
            RightsRequestEvent.Kind.DATA_FOUND,
            f"Customer #{customer.pk} ({customer.name}) campaign data (processor): {summarise(mine)}; to forward.",
            actor=actor,
            customer=customer,
        )
    if not customers:
        record(rights_request, RightsRequestEvent.Kind.DATA_FOUND, "No customer's campaign data found.", actor=actor)
    save(rights_request, actor=actor, reason="Data searched and linked")
    return matches


@transaction.atomic
def rights_request_forward_to_controller(
    *, rights_request: RightsRequest, actor, customer: Customer | None = None
) -> list[Forwarding]:
    """Send each customer part not yet forwarded (or only `customer`'s) to the customer's privacy contact.

    Allowed at once, before identity is verified: identity is the customer's decision for its data. A
    customer without a privacy contact blocks the forwarding with a clear error; nothing is sent then.
    """
    rights_request = locked(rights_request)
    require_status(rights_request, SEARCHABLE, "forward")
    if rights_request.customer_id:
        Forwarding.objects.get_or_create(rights_request=rights_request, customer_id=rights_request.customer_id)
    pending = rights_request.forwardings.filter(forwarded_at__isnull=True).select_related("customer")
    if customer is not None:
        if not rights_request.forwardings.filter(customer=customer).exists():
            raise ValidationError(f"Customer #{customer.pk} has no part in this request: search the data first.")
        pending = pending.filter(customer=customer)
    pending = list(pending)
    if not pending:
        raise ValidationError("There is no customer part left to forward: search the data first.")
    blocked = [f.customer for f in pending if not f.customer.contact_email]
    if blocked:
        names = ", ".join(f"#{c.pk} ({c.name})" for c in blocked)
        raise ValidationError(
            f"Forwarding blocked: customer {names} has no privacy contact email. Add it to the customer "
            "before forwarding; nothing was sent."
        )
    now = timezone.now()
    assistance_days = OrganisationProfile.get_solo().dpa_assistance_days
    due_on = deadlines.brussels_date(now) + dt.timedelta(days=assistance_days)
    for forwarding in pending:
        matches = rights_request.matches.filter(customer=forwarding.customer).select_related("campaign")
        letter_send(
            rights_request=rights_request,
            kind=RightsRequestLetter.Kind.FORWARDING,
            actor=actor,
            to_email=forwarding.customer.contact_email,
            context={"customer": forwarding.customer, "matches": matches, "assist_by": due_on},
        )
        forwarding.forwarded_at, forwarding.forwarded_by, forwarding.due_on = now, actor, due_on
        forwarding._history_user = actor
        forwarding.save(update_fields=["forwarded_at", "forwarded_by", "due_on"])
        record(
            rights_request,
            RightsRequestEvent.Kind.FORWARDED,
            f"Forwarded to customer #{forwarding.customer_id} ({forwarding.customer.name}), the controller of its "
            f"campaign data; its instruction is awaited, assistance due {due_on:%d %B %Y} (DPA).",
            actor=actor,
            customer=forwarding.customer,
        )
    if not rights_request.has_own_part and rights_request.status in (Status.RECEIVED, Status.IN_PROGRESS):
        rights_request.status = Status.FORWARDED
        save(rights_request, actor=actor, reason="Forwarded to controller")
    return pending


@transaction.atomic
def forwarding_record_instruction(
    *,
    rights_request: RightsRequest,
    customer: Customer,
    actor,
    instruction: str,
    received_on: dt.date,
    note: str = "",
    deliver_to_person: bool = False,
) -> Forwarding:
    """Record the customer's documented instruction for its part and the day it arrived.

    "Take no action" and "not ours" close the part at once; any other instruction opens the matching
    action, on that customer's data only. An export goes to the customer unless its instruction says
    CallNex delivers it to the person (`deliver_to_person`); then each recording and transcript needs
    the Art. 15(4) review first.
    """
    rights_request = locked(rights_request)
    if rights_request.is_closed:
        raise ValidationError("Cannot record an instruction on a closed request.", code="closed")
    forwarding = rights_request.forwardings.select_for_update().filter(customer=customer).first()
    if forwarding is None:
        raise ValidationError(f"Customer #{customer.pk} has no part in this request.")
    if forwarding.forwarded_at is None:
        raise ValidationError(f"Forward the request to customer #{customer.pk} before recording its instruction.")
    if forwarding.closed_at is not None:
        raise ValidationError(f"The part of customer #{customer.pk} is already closed.")
    if instruction not in Instruction.values:
        raise ValidationError({"instruction": "Choose an instruction from the list."})
    if deliver_to_person and instruction != Instruction.EXPORT:
        raise ValidationError(
            {"deliver_to_person": "Only an export instruction can ask CallNex to deliver to the person."}
        )
    today = timezone.localdate(timezone=deadlines.BRUSSELS)
    if not deadlines.brussels_date(forwarding.forwarded_at) <= received_on <= today:
        raise ValidationError({"received_on": "The instruction must have arrived between the forwarding and today."})
    forwarding.instruction, forwarding.instruction_received_on = instruction, received_on
    forwarding.instruction_recorded_by, forwarding.export_to_person = actor, deliver_to_person
    label = Instruction(instruction).label.lower()
    if deliver_to_person:
        label = "export, delivered by CallNex to the person (after the Art. 15(4) review of each file)"
    record(
        rights_request,
        RightsRequestEvent.Kind.INSTRUCTION,
        f"Customer #{customer.pk} ({customer.name}) instructed: {label} (received {received_on:%d %B %Y}).",
        actor=actor,
        customer=customer,
    )
    fields = ["instruction", "instruction_received_on", "instruction_recorded_by", "export_to_person"]
    if instruction in INSTRUCTIONS_WITHOUT_ACTION:
        forwarding.closed_at, forwarding.outcome = timezone.now(), note or f"Customer instructed: {label}."
        fields += ["closed_at", "outcome"]
    forwarding._history_user = actor
    forwarding.save(update_fields=fields)
    close_when_every_part_is_closed(rights_request, actor=actor)
    return forwarding


@transaction.atomic
def forwarding_close(*, forwarding: Forwarding, actor, outcome: str) -> Forwarding:
    """Close a customer's part with its answer; the request closes once every part is closed."""
    rights_request = locked(forwarding.rights_request)
    forwarding = Forwarding.objects.select_for_update().get(pk=forwarding.pk)
    if forwarding.forwarded_at is None:
        raise ValidationError("Forward the request to this customer before recording their answer.")
    if forwarding.closed_at is not None:
        raise ValidationError("This controller's answer is already recorded.")
    if not outcome.strip():
        raise ValidationError({"outcome": "Record what the controller answered or instructed."})
    forwarding.closed_at, forwarding.outcome = timezone.now(), outcome
    forwarding._history_user = actor
    forwarding.save(update_fields=["closed_at", "outcome"])
    record(
        rights_request,
        RightsRequestEvent.Kind.FORWARDING_CLOSED,
        f"Customer #{forwarding.customer_id} answered; its part is closed.",
        actor=actor,
        customer=forwarding.customer,
    )
    close_when_every_part_is_closed(rights_request, actor=actor)
    return forwarding
