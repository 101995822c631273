"""Lift a "never call again" entry: only the data protection contact, with a reason, and on a customer's
campaign data only on that customer's documented instruction (we are its processor, Art. 28(3)(a))."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import RightsRequest, RightsRequestEvent, SuppressionEntry
from ._common import record


def suppression_concerns_customer_data(entry: SuppressionEntry) -> bool:
    """Return whether the objection was about a customer's campaign data (or can no longer be told apart)."""
    rights_request = entry.rights_request
    if entry.customer_id is not None or rights_request is None:
        return True
    return rights_request.role == RightsRequest.Role.PROCESSOR


@transaction.atomic
def suppression_lift(
    *,
    entry: SuppressionEntry,
    actor,
    reason: str,
    instruction_reference: str = "",
    instructed_on: dt.date | None = None,
) -> SuppressionEntry:
    """Lift a suppression, recording who, when, why and the customer's instruction on the row and its history."""
    if not actor.has_perm("rights_requests.lift_suppressionentry"):
        raise PermissionDenied("Only the data protection contact may lift a suppression.")
    entry = SuppressionEntry.objects.select_for_update().get(pk=entry.pk)
    if not entry.is_active:
        raise ValidationError("This suppression is already lifted.")
    reason, instruction_reference = reason.strip(), instruction_reference.strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for lifting the suppression."})
    if suppression_concerns_customer_data(entry):
        if not instruction_reference or instructed_on is None:
            raise ValidationError(
                "This number objected to a customer's campaign: lift it only on that customer's instruction "
                "(give its reference and date)."
            )
        if instructed_on > timezone.localdate():
            raise ValidationError({"instructed_on": "The instruction date cannot be in the future."})
    entry.lifted_at, entry.lifted_by, entry.lift_reason = timezone.now(), actor, reason
    entry.lift_instruction_reference, entry.lift_instructed_on = instruction_reference, instructed_on
    entry._history_user = actor
    entry._change_reason = "Suppression lifted"
    entry.save()
    if entry.rights_request is not None:
        basis = f" on the customer's instruction {instruction_reference}" if instruction_reference else ""
        record(
            entry.rights_request, RightsRequestEvent.Kind.SUPPRESSION_LIFTED, f"Suppression lifted{basis}.", actor=actor
        )
    return entry
