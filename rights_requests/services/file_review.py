"""The Art. 15(4) review: before CallNex itself releases a recording or transcript, a reviewer decides per file.

Only where a customer's export instruction says CallNex delivers the export to the person: the
customer's answer is then handed over by us, and a call recording carries the agent's voice (and a
transcript what others said). Each file is released once a reviewer confirms others' rights are
respected, or withheld with a reason the person is told. An export delivered to the customer needs
no review here: the customer, as controller, answers the person and makes that check itself.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from callnex_compliance.platform_data.models import Customer

from ..models import FileReview, Forwarding, Instruction, RightsRequest, RightsRequestEvent
from ..selectors import PartFile, part_files
from ._common import locked, record

REVIEW_PERMISSION = "rights_requests.add_filereview"


def _reviewable_part(rights_request: RightsRequest, customer: Customer) -> Forwarding:
    """Return the customer's open part whose instruction is an export delivered by CallNex to the person."""
    if rights_request.is_closed:
        raise ValidationError("Cannot review files of a closed request.", code="closed")
    forwarding = rights_request.forwardings.filter(customer=customer).first()
    if forwarding is None:
        raise ValidationError(f"Customer #{customer.pk} has no part in this request.")
    if forwarding.closed_at is not None:
        raise ValidationError(f"The part of customer #{customer.pk} is already closed; nothing was changed.")
    if forwarding.instruction != Instruction.EXPORT or not forwarding.export_to_person:
        raise ValidationError(
            f"Customer #{customer.pk} has not instructed CallNex to deliver an export to the person: its files need "
            "no review here (the customer answers the person)."
        )
    return forwarding


def undecided_files(*, rights_request: RightsRequest, customer: Customer) -> list[PartFile]:
    """Return the part's recordings and transcripts no reviewer has decided on yet."""
    return [f for f in part_files(rights_request=rights_request, customer=customer) if f.review is None]


@transaction.atomic
def file_review_decide(
    *,
    rights_request: RightsRequest,
    customer: Customer,
    kind: str,
    file_id: int,
    decision: str,
    reason: str = "",
    actor,
) -> FileReview:
    """Record (or change, with history) the reviewer's release or withhold decision on one file of a part."""
    if not actor.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied("You may not decide on the release of recordings and transcripts.")
    rights_request = locked(rights_request)
    forwarding = _reviewable_part(rights_request, customer)
    if decision not in FileReview.Decision.values:
        raise ValidationError({"decision": "Choose release or withhold."})
    reason = reason.strip()
    if decision == FileReview.Decision.WITHHOLD and not reason:
        raise ValidationError({"reason": "Say why the file is withheld; the person is told (Art. 15(4))."})
    files = part_files(rights_request=rights_request, customer=customer)
    file = next((f for f in files if (f.kind, f.file_id) == (kind, file_id)), None)
    if file is None:
        raise ValidationError(f"This {kind or 'file'} is not among the files of customer #{customer.pk}'s part.")
    review = file.review or FileReview(
        rights_request=rights_request, customer=customer, kind=kind, file_id=file_id, call_id=file.call_id
    )
    review.decision, review.reason, review.reviewer, review.decided_at = decision, reason, actor, timezone.now()
    review._history_user = actor
    review._change_reason = f"Art. 15(4) review: {decision}"
    review.save()
    verb = "released" if decision == FileReview.Decision.RELEASE else "withheld"
    changed = " (decision changed)" if file.review is not None else ""
    record(
        rights_request,
        RightsRequestEvent.Kind.FILE_REVIEWED,
        f"Customer #{forwarding.customer_id} part: {file.label.lower()} {verb} after the Art. 15(4) review{changed}.",
        actor=actor,
        customer=customer,
    )
    return review
