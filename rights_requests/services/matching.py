"""Link the subject's platform data to a request, and forward processor requests to the controller.

All platform data belongs to a customer's campaign, where CallNex is processor: finding data there
marks the request for forwarding to that customer (Art. 28(3)(e)), tracked until the customer answers.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from ..discovery import subject_footprint
from ..letters import letter_send
from ..models import Forwarding, RightsRequest, RightsRequestEvent, RightsRequestLetter, SubjectMatch
from ._common import locked, record, require_status, save

Status = RightsRequest.Status


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
def rights_request_link_matches(*, rights_request: RightsRequest, actor) -> list[SubjectMatch]:
    """Search the platform data by the requester's email and phone and link what is found, replacing earlier links."""
    rights_request = locked(rights_request)
    require_status(rights_request, (Status.RECEIVED, Status.IN_PROGRESS, Status.FORWARDED), "search data for")
    footprints = subject_footprint(email=rights_request.requester_email, phone=rights_request.requester_phone)
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
    message = f"Found {summarise(matches)}" if matches else "No data found in the platform."
    if customers:
        message += f"; processor data of {len(customers)} customer(s), to forward."
    record(rights_request, RightsRequestEvent.Kind.DATA_FOUND, message, actor=actor)
    save(rights_request, actor=actor, reason="Data searched and linked")
    return matches


@transaction.atomic
def rights_request_forward_to_controller(*, rights_request: RightsRequest, actor) -> list[Forwarding]:
    """Send the request to every customer (controller) not yet told, recording who forwarded it and when."""
    rights_request = locked(rights_request)
    require_status(rights_request, (Status.RECEIVED, Status.IN_PROGRESS, Status.FORWARDED), "forward")
    if rights_request.customer_id:
        Forwarding.objects.get_or_create(rights_request=rights_request, customer_id=rights_request.customer_id)
    pending = list(rights_request.forwardings.filter(forwarded_at__isnull=True).select_related("customer"))
    if not pending:
        raise ValidationError("There is no customer to forward this request to: search the data first.")
    now = timezone.now()
    for forwarding in pending:
        matches = rights_request.matches.filter(customer=forwarding.customer).select_related("campaign")
        letter_send(
            rights_request=rights_request,
            kind=RightsRequestLetter.Kind.FORWARDING,
            actor=actor,
            to_email=forwarding.customer.contact_email,
            context={"customer": forwarding.customer, "matches": matches},
        )
        forwarding.forwarded_at, forwarding.forwarded_by = now, actor
        forwarding._history_user = actor
        forwarding.save(update_fields=["forwarded_at", "forwarded_by"])
        record(
            rights_request,
            RightsRequestEvent.Kind.FORWARDED,
            f"Forwarded to customer #{forwarding.customer_id} ({forwarding.customer.name}).",
            actor=actor,
        )
    if rights_request.status != Status.FORWARDED:
        rights_request.status = Status.FORWARDED
        save(rights_request, actor=actor, reason="Forwarded to controller")
    return pending


@transaction.atomic
def forwarding_close(*, forwarding: Forwarding, actor, outcome: str) -> Forwarding:
    """Record the controller's answer; a forwarded request closes once every controller has answered."""
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
        f"Customer #{forwarding.customer_id} answered.",
        actor=actor,
    )
    all_answered = not rights_request.forwardings.filter(closed_at__isnull=True).exists()
    if rights_request.status == Status.FORWARDED and not rights_request.is_closed and all_answered:
        rights_request.closed_at = timezone.now()
        save(rights_request, actor=actor, reason="Closed: every controller answered")
        record(rights_request, RightsRequestEvent.Kind.CLOSED, "Closed: every controller answered.", actor=actor)
    return forwarding
