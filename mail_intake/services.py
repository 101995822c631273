"""Writes of the mailbox intake: import one message, route it, and the handlers' triage and inquiry actions.

`message_import` is called by the mailbox poll (mailbox.py) once per message, in its own transaction, so a
message that fails leaves the others untouched. Logs name ids and counts only, never addresses or subjects.
"""

import datetime as dt
import logging
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from rights_requests.models import RightsRequest, RightsRequestEvent
from rights_requests.services.drafts import rights_request_create_draft

from . import routing
from .acknowledgements import acknowledgement_send
from .models import InboundMessage, Inquiry, MessageAttachment, SubjectPattern
from .parsing import ParsedMessage, detect_language, parse_message

logger = logging.getLogger(__name__)
Status = InboundMessage.Status


@dataclass
class ServerCopy:
    """Where the server holds a message and what it says about it before we download it."""

    folder: str
    uid_validity: int | None
    uid: int | None
    received_at: dt.datetime
    size: int


@dataclass
class RunContext:
    """What one mailbox run reads once: the subject patterns and the limits."""

    patterns: list[routing.Pattern] = field(default_factory=routing.active_patterns)
    max_attachment_bytes: int = field(default_factory=lambda: settings.INTAKE_MAX_ATTACHMENT_BYTES)


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def message_import_refused(*, copy: ServerCopy, header: bytes, limit: int) -> InboundMessage:
    """Keep a message too large to import as a triage entry (sender, subject, received time) with a note."""
    parsed = parse_message(header)
    message = InboundMessage(
        message_id=parsed.message_id, folder=copy.folder, uid_validity=copy.uid_validity, uid=copy.uid,
        received_at=copy.received_at, from_address=parsed.from_address, from_name=parsed.from_name,
        subject=parsed.subject, size=copy.size, is_auto_reply=parsed.is_auto_reply,
        note=f"Refused: {_megabytes(copy.size)} is over the {_megabytes(limit)} limit; not downloaded. "
        "Ask the sender to send it in smaller parts; the deadline counts from this received time.",
    )  # fmt: skip
    message.save()
    logger.warning("Mailbox message %s refused: over the size limit", message.pk)
    return message


def _attachments(message: InboundMessage, parsed: ParsedMessage, ctx: RunContext, *, identity: bool) -> None:
    for attachment in parsed.attachments:
        row = MessageAttachment(
            message=message, filename=attachment.filename, content_type=attachment.content_type[:100],
            size=len(attachment.payload), is_identity_evidence=identity,
        )  # fmt: skip
        if row.size > ctx.max_attachment_bytes:
            row.note = f"Not stored: {_megabytes(row.size)} is over the {_megabytes(ctx.max_attachment_bytes)} limit."
        else:
            row.file.save(f"{uuid.uuid4().hex}.bin", ContentFile(attachment.payload), save=False)
        row.save()


def _route_reply(message: InboundMessage, request: RightsRequest) -> bool:
    """Attach a reply to its request's correspondence; return whether it may hold identity evidence."""
    message.status, message.rights_request = Status.REPLY, request
    received_on = timezone.localtime(message.received_at).date()
    text = f"E-mail received on {received_on:%d %B %Y} (mailbox message {message.pk})."
    paused = request.status == RightsRequest.Status.AWAITING_IDENTITY
    if paused:
        text += f" The clock is paused for identity: {received_on:%d %B %Y} is offered as the day the pause ends."
    RightsRequestEvent.objects.create(rights_request=request, kind=RightsRequestEvent.Kind.EMAIL_RECEIVED, message=text)
    return paused


def _route_new_request(message: InboundMessage, parsed: ParsedMessage | None) -> None:
    request = rights_request_create_draft(
        requester_name=message.from_name, requester_email=message.from_address, received_at=message.received_at,
        details=message.body_text, language=message.language,
    )  # fmt: skip
    message.status, message.rights_request, message.routed_at = Status.RIGHTS_REQUEST, request, timezone.now()
    acknowledgement_send(message=message, rights_request=request, references=parsed.references if parsed else [])


def _route_inquiry(message: InboundMessage) -> None:
    message.inquiry = Inquiry.objects.create(
        from_address=message.from_address, from_name=message.from_name, subject=message.subject,
        received_at=message.received_at, language=message.language,
    )  # fmt: skip
    message.status, message.routed_at = Status.INQUIRY, timezone.now()


def _route(message: InboundMessage, parsed: ParsedMessage, ctx: RunContext) -> bool:
    """Route a readable message; return whether its attachments are identity evidence."""
    if parsed.is_auto_reply:
        message.status, message.routed_at = Status.IGNORED, timezone.now()
        return False
    replied = routing.replied_request(parsed.subject, parsed.referenced_ids)
    if replied is not None:
        return _route_reply(message, replied)
    pattern = routing.matching_pattern(parsed.subject, ctx.patterns)
    if pattern is None or not message.from_address:
        return False  # triage
    if pattern.route == SubjectPattern.Route.INQUIRY:
        _route_inquiry(message)
        return False
    try:
        with transaction.atomic():
            _route_new_request(message, parsed)
    except ValidationError as error:  # e.g. an implausible received time: a handler decides
        message.note = f"Left in triage: {' '.join(error.messages)}"[:500]
        message.status, message.rights_request = Status.TRIAGE, None
    return False


@transaction.atomic
def message_import(*, copy: ServerCopy, raw: bytes, ctx: RunContext | None = None) -> InboundMessage:
    """Store one downloaded message (its .eml privately), route it and return it; raise IntegrityError on a repeat."""
    ctx = ctx or RunContext()
    parsed = parse_message(raw)
    message = InboundMessage(
        message_id=parsed.message_id, folder=copy.folder, uid_validity=copy.uid_validity, uid=copy.uid,
        received_at=copy.received_at, from_address=parsed.from_address, from_name=parsed.from_name,
        subject=parsed.subject, body_text=parsed.body_text, size=copy.size or len(raw),
        is_auto_reply=parsed.is_auto_reply,
    )  # fmt: skip
    message.eml.save(f"{uuid.uuid4().hex}.eml", ContentFile(raw), save=False)
    if parsed.unreadable:
        message.note = "The message could not be read (malformed MIME): open the .eml to see what it says."
        message.save()
        return message
    hint = routing.matching_pattern(parsed.subject, ctx.patterns)
    message.language = detect_language(f"{parsed.subject}\n{parsed.body_text}", hint=hint.language if hint else "")
    if parsed.defects:
        message.note = f"The message has {parsed.defects} MIME defect(s); check the .eml if the text looks incomplete."
    message.save()  # the row exists before routing so the timeline can name it
    identity = _route(message, parsed, ctx)
    message.save()
    _attachments(message, parsed, ctx, identity=identity)
    return message


def already_imported(
    *, message_ids: list[str], folder: str, uid_validity: int | None, uids: list[int]
) -> tuple[set, set]:
    """Return the Message-IDs and UIDs among these that were imported before (two queries per batch)."""
    seen_ids = set(
        InboundMessage.objects.filter(message_id__in=[m for m in message_ids if m]).values_list("message_id", flat=True)
    )
    seen_uids = set(
        InboundMessage.objects.filter(folder=folder, uid_validity=uid_validity, uid__in=uids).values_list(
            "uid", flat=True
        )
    )
    return seen_ids, seen_uids


def is_duplicate(error: IntegrityError) -> bool:
    return "mi_unique" in str(error) or "UNIQUE" in str(error).upper()


# Handlers' actions on the triage queue and on inquiries.


def _require_triage(message: InboundMessage) -> None:
    if message.status != Status.TRIAGE:
        raise ValidationError(f"Message {message.pk} is no longer in triage.")
    if not message.from_address:
        raise ValidationError(f"Message {message.pk} has no sender address: register it in the rights requests form.")


@transaction.atomic
def triage_make_rights_request(*, message: InboundMessage, actor) -> RightsRequest:
    """Turn a triaged message into a draft request; its deadline counts from the message's received time."""
    message = InboundMessage.objects.select_for_update().get(pk=message.pk)
    _require_triage(message)
    request = rights_request_create_draft(
        requester_name=message.from_name, requester_email=message.from_address, received_at=message.received_at,
        details=message.body_text, language=message.language, actor=actor,
    )  # fmt: skip
    message.status, message.rights_request, message.routed_at = Status.RIGHTS_REQUEST, request, timezone.now()
    message._history_user = actor
    message.save()
    acknowledgement_send(message=message, rights_request=request)
    return request


@transaction.atomic
def triage_make_inquiry(*, message: InboundMessage, actor) -> Inquiry:
    """Turn a triaged message into an inquiry, keeping its received time."""
    message = InboundMessage.objects.select_for_update().get(pk=message.pk)
    _require_triage(message)
    _route_inquiry(message)
    message._history_user = actor
    message.save()
    return message.inquiry


@transaction.atomic
def triage_dismiss(*, message: InboundMessage, actor) -> None:
    """Take a message that is neither a request nor an inquiry (spam, a newsletter) out of triage."""
    message = InboundMessage.objects.select_for_update().get(pk=message.pk)
    if message.status != Status.TRIAGE:
        raise ValidationError(f"Message {message.pk} is no longer in triage.")
    message.status, message.routed_at = Status.DISMISSED, timezone.now()
    message._history_user = actor
    message.save()


@transaction.atomic
def inquiry_convert_to_request(*, inquiry: Inquiry, actor) -> RightsRequest:
    """Turn an inquiry into a draft rights request with the inquiry's received time; its e-mails go along."""
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if inquiry.status == Inquiry.Status.CONVERTED:
        raise ValidationError(f"Inquiry {inquiry.pk} is already a rights request.")
    if not inquiry.from_address:
        raise ValidationError(f"Inquiry {inquiry.pk} has no sender address.")
    first = inquiry.messages.order_by("received_at", "pk").first()
    request = rights_request_create_draft(
        requester_name=inquiry.from_name, requester_email=inquiry.from_address, received_at=inquiry.received_at,
        details=first.body_text if first else inquiry.subject, actor=actor,
    )  # fmt: skip
    inquiry.messages.update(rights_request=request)  # the e-mails now follow the request's retention
    inquiry.status, inquiry.rights_request, inquiry.closed_at = Inquiry.Status.CONVERTED, request, timezone.now()
    inquiry._history_user = actor
    inquiry.save()
    if first is not None:
        first.rights_request = request
        acknowledgement_send(message=first, rights_request=request)
    return request


@transaction.atomic
def inquiry_mark_answered(*, inquiry: Inquiry, actor) -> Inquiry:
    """Record that the inquiry was answered (the answer itself goes by e-mail from the mailbox)."""
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if inquiry.status != Inquiry.Status.OPEN:
        raise ValidationError(f"Inquiry {inquiry.pk} is not open.")
    now = timezone.now()
    inquiry.status, inquiry.answered_at, inquiry.closed_at = Inquiry.Status.ANSWERED, now, now
    inquiry._history_user = actor
    inquiry.save()
    return inquiry
