"""What the mailbox keeps, and for how long.

- A request's e-mails (.eml and attachments) go with the request: once the request is anonymised at
  the end of its retention, its mailbox messages and their files are deleted (history rows too).
- Identity evidence (attachments of a reply received while the clock was paused for identity, and that
  reply's .eml, which contains them) is deleted once the identity check is done; a note stays.
- Inquiries and the messages that never became a request have their own category (`mailbox_records`),
  counted from when they were handled (answered, closed, dismissed); nothing waiting in triage is purged.
"""

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from callnex_compliance.private_storage import files_delete_after_commit
from rights_requests.models import RightsRequestEvent

from .models import InboundMessage, Inquiry, MessageAttachment

logger = logging.getLogger(__name__)
DELETED = "[deleted]"


def _delete_messages(ids: list[int]) -> int:
    """Delete messages with their attachments, files and history rows; return how many."""
    files = list(InboundMessage.objects.filter(pk__in=ids).exclude(eml="").values_list("eml", flat=True))
    files += list(MessageAttachment.objects.filter(message_id__in=ids).exclude(file="").values_list("file", flat=True))
    MessageAttachment.objects.filter(message_id__in=ids).delete()
    deleted = InboundMessage.objects.filter(pk__in=ids).delete()[1].get(InboundMessage._meta.label, 0)
    InboundMessage.history.filter(id__in=ids).delete()  # the delete's own history rows too
    files_delete_after_commit(files)
    return deleted


def identity_evidence_delete_checked() -> int:
    """Delete identity evidence of requests whose identity check is done (or that closed); return files deleted."""
    checked = Q(message__rights_request__identity_verified_at__isnull=False) | Q(
        message__rights_request__closed_at__isnull=False
    )
    evidence = MessageAttachment.objects.filter(checked, is_identity_evidence=True).exclude(file="")
    total = 0
    with transaction.atomic():
        rows = list(evidence.select_related("message").select_for_update(of=("self",))[:500])
        if not rows:
            return 0
        now = timezone.localtime()
        files = [row.file.name for row in rows]
        messages = {row.message for row in rows}
        files += [message.eml.name for message in messages if message.eml]
        MessageAttachment.objects.filter(pk__in=[row.pk for row in rows]).update(
            file="", filename=DELETED, note=f"Identity evidence deleted after the identity check ({now:%d %b %Y})."
        )
        ids = [message.pk for message in messages]
        InboundMessage.objects.filter(pk__in=ids).update(eml="", body_text=DELETED)
        InboundMessage.history.filter(id__in=ids).update(eml="")
        for request_id in {message.rights_request_id for message in messages}:
            RightsRequestEvent.objects.create(
                rights_request_id=request_id, kind=RightsRequestEvent.Kind.UPDATED,
                message="Identity evidence received by e-mail deleted after the identity check; the note stays.",
            )  # fmt: skip
        files_delete_after_commit(files)
        total = len(rows)
    logger.info("Mailbox: %d identity evidence file(s) deleted after the check", total)
    return total


def _expired(cutoff: dt.datetime) -> tuple[list[int], list[int]]:
    handled = Q(status__in=[InboundMessage.Status.DISMISSED, InboundMessage.Status.IGNORED], routed_at__lt=cutoff)
    loose = InboundMessage.objects.filter(handled, rights_request__isnull=True, inquiry__isnull=True)
    of_anonymised = InboundMessage.objects.filter(rights_request__anonymised_at__isnull=False)
    message_ids = list(loose.values_list("pk", flat=True)) + list(of_anonymised.values_list("pk", flat=True))
    inquiries = Inquiry.objects.filter(closed_at__lt=cutoff).exclude(status=Inquiry.Status.CONVERTED)
    converted_gone = Inquiry.objects.filter(
        status=Inquiry.Status.CONVERTED, rights_request__anonymised_at__isnull=False
    )
    inquiry_ids = list(inquiries.values_list("pk", flat=True)) + list(converted_gone.values_list("pk", flat=True))
    return message_ids, inquiry_ids


def mailbox_records_purge(*, handled_before: dt.datetime, dry_run: bool = False) -> int:
    """Delete expired mailbox records (retention category `mailbox_records`); return how many rows.

    Inquiries closed before the cutoff go with their messages; messages dismissed or ignored before it;
    and every message of a request anonymised at the end of its own retention.
    """
    message_ids, inquiry_ids = _expired(handled_before)
    message_ids = sorted(set(message_ids) | set(
        InboundMessage.objects.filter(inquiry_id__in=inquiry_ids).values_list("pk", flat=True)
    ))  # fmt: skip
    if dry_run:
        return len(message_ids) + len(inquiry_ids)
    total = 0
    for start in range(0, len(message_ids), 500):
        with transaction.atomic():
            total += _delete_messages(message_ids[start : start + 500])
    with transaction.atomic():
        Inquiry.objects.filter(pk__in=inquiry_ids).delete()
        Inquiry.history.filter(id__in=inquiry_ids).delete()
    total += len(inquiry_ids)
    if total:
        logger.info("Mailbox: %d expired record(s) deleted", total)
    return total
