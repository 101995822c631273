"""Notices around CallNex's own part: Art. 18(3) before a restriction is lifted, Art. 19 to recipients.

For a customer's part these are the customer's to give; its instruction says what we pass on.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from .. import own_data
from ..access_cover import own_data_recipients
from ..letters import letter_send
from ..models import RightsRequest, RightsRequestEvent, RightsRequestLetter
from ._common import locked, record, require_status

Status = RightsRequest.Status
OPEN = (Status.RECEIVED, Status.AWAITING_IDENTITY, Status.IN_PROGRESS, Status.FORWARDED)


def record_recipients_to_notify(rights_request: RightsRequest, action: str, *, actor) -> list[str]:
    """List in the timeline who received CallNex's own data and must be told of `action` (Art. 19)."""
    recipients = own_data_recipients()
    listed = ", ".join(recipients) if recipients else "none recorded in the register"
    record(
        rights_request,
        RightsRequestEvent.Kind.UPDATED,
        f"CallNex (own data): Art. 19 — recipients to tell of the {action}: {listed}.",
        actor=actor,
    )
    return recipients


@transaction.atomic
def rights_request_record_recipient_notice(*, rights_request: RightsRequest, actor, recipients: str) -> None:
    """Record that the recipients of CallNex's own data were told of the rectification, erasure or restriction."""
    rights_request = locked(rights_request)
    require_status(rights_request, OPEN, "record the Art. 19 notice on")
    if not recipients.strip():
        raise ValidationError(
            {"recipients": "Say which recipients were told (names of organisations, no personal data)."}
        )
    record(
        rights_request,
        RightsRequestEvent.Kind.RECIPIENTS_NOTIFIED,
        f"CallNex (own data): Art. 19 notice sent to {recipients.strip()}.",
        actor=actor,
    )


@transaction.atomic
def rights_request_lift_restriction(*, rights_request: RightsRequest, actor, reason: str) -> int:
    """Tell the person (Art. 18(3)) and only then lift the restriction of CallNex's own data; return rows lifted."""
    rights_request = locked(rights_request)
    require_status(rights_request, OPEN, "lift a restriction on")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the restriction ends (the person is told)."})
    restricted = sum(
        own_data.rows(rights_request, kind).filter(processing_restricted_at__isnull=False).count()
        for kind in own_data.RESTRICTABLE
    )
    if not restricted:
        raise ValidationError("None of CallNex's own data about the person is restricted.")
    # The notice goes first: the letter and its timeline entry precede the change (Art. 18(3)).
    letter_send(
        rights_request=rights_request,
        kind=RightsRequestLetter.Kind.RESTRICTION_LIFT_NOTICE,
        actor=actor,
        context={"reason": reason},
    )
    lifted = own_data.own_data_restrict(rights_request, lift=True)
    record(
        rights_request,
        RightsRequestEvent.Kind.RESTRICTION_LIFTED,
        f"CallNex (own data): restriction lifted on {lifted} record(s), after the Art. 18(3) notice.",
        actor=actor,
    )
    return lifted
