"""Helpers shared by the services: row locks, saves that refresh the due date, timeline entries."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from ..models import RightsRequest, RightsRequestEvent


def locked(rights_request: RightsRequest) -> RightsRequest:
    """Return a fresh copy of the request, locked for this transaction so transitions never interleave."""
    return RightsRequest.objects.select_for_update().get(pk=rights_request.pk)


def require_status(rights_request: RightsRequest, allowed: tuple[str, ...], action: str) -> None:
    """Raise a clear ValidationError unless the request is open and in one of the `allowed` statuses."""
    if rights_request.is_closed:
        raise ValidationError(f"Cannot {action} a closed request.", code="closed")
    if rights_request.status not in allowed:
        allowed_labels = ", ".join(str(RightsRequest.Status(s).label).lower() for s in allowed)
        raise ValidationError(
            f"Cannot {action} a request that is {rights_request.get_status_display().lower()} "
            f"(only when {allowed_labels}).",
            code="invalid_transition",
        )


def save(rights_request: RightsRequest, *, actor, reason: str) -> RightsRequest:
    """Refresh the persisted due date from the deadline engine and save, with the history reason."""
    rights_request.due_on = rights_request.due_date
    rights_request._history_user = actor
    rights_request._change_reason = reason[:100]
    rights_request.save()
    return rights_request


def record(rights_request: RightsRequest, kind: str, message: str, *, actor=None, customer=None) -> RightsRequestEvent:
    """Append an entry to the request's timeline; `message` must not contain personal data.

    `customer` names the customer part the step belongs to (done on its instruction); None is CallNex's own.
    """
    event = RightsRequestEvent(
        rights_request=rights_request, kind=kind, actor=actor, message=message[:500], part_customer=customer
    )
    event._history_user = actor
    event.save()
    return event


def has_right(rights_request: RightsRequest, *rights: str) -> bool:
    return any(right in rights_request.rights for right in rights)


def close_when_every_part_is_closed(rights_request: RightsRequest, *, actor) -> bool:
    """Close the request once CallNex's own part (if any) and every customer part are closed; return whether closed."""
    if rights_request.is_closed:
        return False
    own_open = rights_request.has_own_part and rights_request.own_part_closed_at is None
    parts_open = rights_request.forwardings.filter(closed_at__isnull=True).exists()
    if own_open or parts_open:
        return False
    if rights_request.paused_since:  # a processor-only request may close while the person never answered
        rights_request.paused_since = None
    rights_request.status = RightsRequest.Status.COMPLETED
    rights_request.closed_at = timezone.now()
    save(rights_request, actor=actor, reason="Closed: every part is closed")
    record(rights_request, RightsRequestEvent.Kind.CLOSED, "Closed: every part of the request is closed.", actor=actor)
    return True
