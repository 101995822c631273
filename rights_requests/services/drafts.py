"""Drafts: requests that arrived by e-mail and wait for a handler to confirm the rights and the role.

A draft is registered the moment the message is imported, with the time the mail server received it,
so its reference exists and its deadline runs from the first second (a request is valid in any form).
The handler then confirms what the person asks for, once, and the request goes on as any other.
"""

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from callnex_compliance.languages import language_of
from callnex_compliance.platform_data.models import Customer
from callnex_compliance.platform_data.normalise import normalise_email

from ..models import RightsRequest, RightsRequestEvent, validate_received_at
from ._common import locked, record, require_status, save
from .workflow import _allocate_reference, _clean_rights, _clean_role

logger = logging.getLogger(__name__)


@transaction.atomic
def rights_request_create_draft(
    *,
    requester_name: str,
    requester_email: str,
    received_at: dt.datetime,
    details: str = "",
    language: str = "",
    actor=None,
) -> RightsRequest:
    """Register a draft request from an e-mail: reference and due date now, rights and role once confirmed.

    `language` is the one the person wrote in; its letters use it (English for any other language).
    """
    if timezone.is_naive(received_at):
        raise ValidationError({"received_at": "The time of receipt needs a time zone."})
    validate_received_at(received_at)
    rights_request = RightsRequest(
        requester_name=(requester_name or requester_email)[:200],
        requester_email=normalise_email(requester_email),
        details=details,
        rights=[],
        channel=RightsRequest.Channel.EMAIL,
        received_at=received_at,
        status=RightsRequest.Status.DRAFT,
        language=language_of(language),
    )
    rights_request.reference = _allocate_reference(rights_request.received_on.year)
    save(rights_request, actor=actor, reason="Draft from the mailbox")
    record(
        rights_request,
        RightsRequestEvent.Kind.CREATED,
        f"Received by e-mail (mailbox); draft: confirm the rights and the role; due {rights_request.due_on:%d %B %Y}.",
        actor=actor,
    )
    logger.info("Draft rights request %s registered from the mailbox", rights_request.reference)
    return rights_request


@transaction.atomic
def rights_request_confirm_draft(
    *,
    rights_request: RightsRequest,
    actor,
    rights: list[str],
    role: str = RightsRequest.Role.CONTROLLER,
    customer: Customer | None = None,
    requester_name: str = "",
) -> RightsRequest:
    """Confirm a draft's rights and role; the received time (and so the deadline) stays that of the e-mail."""
    rights_request = locked(rights_request)
    require_status(rights_request, (RightsRequest.Status.DRAFT,), "confirm")
    _clean_role(role, customer)
    rights_request.rights = _clean_rights(rights)
    rights_request.role, rights_request.customer = role, customer
    if requester_name.strip():
        rights_request.requester_name = requester_name.strip()[:200]
    rights_request.status = RightsRequest.Status.RECEIVED
    save(rights_request, actor=actor, reason="Draft confirmed")
    record(
        rights_request,
        RightsRequestEvent.Kind.UPDATED,
        f"Draft confirmed: rights {', '.join(rights_request.rights)}; role {rights_request.role}.",
        actor=actor,
    )
    return rights_request
