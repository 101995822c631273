"""Helpers shared by the services: row locks, saves that refresh the due date, timeline entries."""

from django.core.exceptions import ValidationError

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


def record(rights_request: RightsRequest, kind: str, message: str, *, actor=None) -> RightsRequestEvent:
    """Append an entry to the request's timeline; `message` must not contain personal data."""
    event = RightsRequestEvent(rights_request=rights_request, kind=kind, actor=actor, message=message)
    event._history_user = actor
    event.save()
    return event


def has_right(rights_request: RightsRequest, *rights: str) -> bool:
    return any(right in rights_request.rights for right in rights)
