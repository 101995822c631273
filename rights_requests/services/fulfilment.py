"""Fulfil the rights on the linked data: export, erasure, suppression, restriction, rectification.

Every action records counts in the timeline, never the content it touched.
"""

import datetime as dt
import logging
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from callnex_compliance.platform_data.models import CallRecord, Contact
from callnex_compliance.platform_data.normalise import normalise_email, normalise_phone
from callnex_compliance.private_storage import files_delete_after_commit
from retention.selectors import held_platform_rows

from ..exports import export_build
from ..models import DataExport, Right, RightsRequest, RightsRequestEvent, SuppressionEntry
from ..selectors import suppression_hash
from ._common import has_right, locked, record, require_status, save

logger = logging.getLogger(__name__)

Status = RightsRequest.Status
WORKING = (Status.IN_PROGRESS, Status.FORWARDED)
EXPORT_LIFETIME = dt.timedelta(days=7)


class ExportUnavailable(Exception):
    """The export has expired or its file was removed."""


def _linked_ids(rights_request: RightsRequest) -> tuple[list[int], list[int]]:
    contact_ids, call_ids = [], []
    for match in rights_request.matches.all():
        contact_ids.extend(match.contact_ids)
        call_ids.extend(match.call_ids)
    return contact_ids, call_ids


def _require_matches(rights_request: RightsRequest, action: str) -> None:
    if not rights_request.matches.exists():
        raise ValidationError(f"Search and link the subject's data before you {action}.")


@transaction.atomic
def rights_request_export(*, rights_request: RightsRequest, actor) -> DataExport:
    """Build the subject's ZIP (access / portability) and store it privately until it expires."""
    rights_request = locked(rights_request)
    require_status(rights_request, WORKING, "export data for")
    if not has_right(rights_request, Right.ACCESS, Right.PORTABILITY):
        raise ValidationError("Exports are for access or portability requests.")
    _require_matches(rights_request, "export it")
    built = export_build(rights_request=rights_request)
    now = timezone.now()
    export = DataExport(
        rights_request=rights_request,
        token=secrets.token_urlsafe(32),
        counts=built.counts,
        created_by=actor,
        created_at=now,
        expires_at=now + EXPORT_LIFETIME,
    )
    export._history_user = actor
    export.save()
    counts = built.counts
    record(
        rights_request,
        RightsRequestEvent.Kind.EXPORTED,
        f"Export #{export.pk} created: {counts['contacts']} contacts, {counts['calls']} calls, "
        f"{counts['recordings']} recordings, {counts['transcripts']} transcripts "
        f"({counts['restricted_contacts_left_out']} restricted contacts left out); "
        f"expires {timezone.localtime(export.expires_at):%d %B %Y %H:%M}.",
        actor=actor,
    )
    # Written last, so that nothing after it can roll the transaction back and orphan the file.
    export.file.save(f"{rights_request.reference}.zip", File(built.file), save=False)
    export.size_bytes = export.file.size
    export.save(update_fields=["file", "size_bytes"])
    logger.info("Export %s of %s stored", export.pk, rights_request.reference)
    return export


@transaction.atomic
def data_export_record_download(*, export: DataExport, actor) -> DataExport:
    """Check the export can still be downloaded by `actor` and log the download in the timeline."""
    export = DataExport.objects.select_for_update().get(pk=export.pk)
    if not export.is_available():
        raise ExportUnavailable("This export has expired and its file was removed.")
    record(
        export.rights_request,
        RightsRequestEvent.Kind.EXPORT_DOWNLOADED,
        f"Export #{export.pk} downloaded.",
        actor=actor,
    )
    return export


def data_exports_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete the files of expired exports and mark them deleted; return how many were removed."""
    now = now or timezone.now()
    removed = 0
    for export in DataExport.objects.filter(expires_at__lte=now, deleted_at__isnull=True).only("pk", "file"):
        # Claim the row first, so two cleanups never both count it (healthchecks-style conditional update).
        if DataExport.objects.filter(pk=export.pk, deleted_at__isnull=True).update(deleted_at=now, file="") != 1:
            continue
        if export.file.name:
            default_storage.delete(export.file.name)
        removed += 1
    if removed:
        logger.info("Removed %d expired rights-request export(s)", removed)
    return removed


def erasure_plan(*, rights_request: RightsRequest) -> tuple[QuerySet, QuerySet, dict[str, int]]:
    """Return the calls and contacts an erasure would delete, and how many a legal hold keeps.

    Calls the matched contacts placed since the search are included (they would otherwise survive,
    unlinked). Data under a legal hold is kept for the legal claim (Art. 17(3)(e)).
    """
    contact_ids, call_ids = _linked_ids(rights_request)
    calls = CallRecord.objects.filter(pk__in=call_ids) | CallRecord.objects.filter(contact_id__in=contact_ids)
    contacts = Contact.objects.filter(pk__in=contact_ids)
    held = held_platform_rows()
    kept = {"contacts": contacts.filter(held.contact_q()).count(), "calls": calls.filter(held.call_q()).count()}
    return calls.exclude(held.call_q()), contacts.exclude(held.contact_q()), kept


@transaction.atomic
def rights_request_approve_erasure(*, rights_request: RightsRequest, actor) -> dict[str, int]:
    """Erase the linked data once a data protection contact approves; record counts, delete files after commit."""
    if not actor.has_perm("rights_requests.approve_erasure"):
        raise PermissionDenied("Only the data protection contact may approve an erasure.")
    rights_request = locked(rights_request)
    require_status(rights_request, WORKING, "erase data for")
    if not has_right(rights_request, Right.ERASURE):
        raise ValidationError("This request does not ask for erasure.")
    if rights_request.erasure_approved_at:
        raise ValidationError("The erasure of this request was already approved and carried out.")
    _require_matches(rights_request, "erase it")
    calls, contacts, kept = erasure_plan(rights_request=rights_request)
    # Recording files go with their rows (callnex_compliance.private_storage, after commit).
    _, deleted_calls = calls.delete()
    _, deleted_contacts = contacts.delete()
    counts = {
        "contacts": deleted_contacts.get("platform_data.Contact", 0),
        "calls": deleted_calls.get("platform_data.CallRecord", 0),
        "recordings": deleted_calls.get("platform_data.CallRecording", 0),
        "transcripts": deleted_calls.get("platform_data.Transcript", 0),
    }
    exports = list(rights_request.exports.filter(deleted_at__isnull=True).exclude(file=""))
    rights_request.exports.filter(pk__in=[e.pk for e in exports]).update(deleted_at=timezone.now(), file="")
    files_delete_after_commit([export.file.name for export in exports])
    rights_request.erasure_approved_by, rights_request.erasure_approved_at = actor, timezone.now()
    save(rights_request, actor=actor, reason="Erasure approved and carried out")
    record(rights_request, RightsRequestEvent.Kind.ERASURE_APPROVED, "Erasure approved.", actor=actor)
    record(
        rights_request,
        RightsRequestEvent.Kind.ERASED,
        f"Erased {counts['contacts']} contacts, {counts['calls']} calls, {counts['recordings']} recordings "
        f"(audio files deleted) and {counts['transcripts']} transcripts.",
        actor=actor,
    )
    if any(kept.values()):
        record(
            rights_request,
            RightsRequestEvent.Kind.ERASED,
            f"Kept {kept['contacts']} contacts and {kept['calls']} calls under a legal hold (Art. 17(3)(e)); "
            "erase them once the hold is released.",
            actor=actor,
        )
        counts["kept_by_hold"] = kept["contacts"] + kept["calls"]
    logger.info("Erasure for %s: %s", rights_request.reference, counts)
    return counts


@transaction.atomic
def rights_request_suppress(*, rights_request: RightsRequest, actor) -> SuppressionEntry:
    """Add the requester's number to the "never call again" list (objection to direct marketing, Art. 21(3))."""
    rights_request = locked(rights_request)
    require_status(rights_request, WORKING, "record an objection for")
    if not has_right(rights_request, Right.OBJECTION):
        raise ValidationError("This request does not object to processing.")
    digest = suppression_hash(rights_request.requester_phone)
    if digest is None:
        raise ValidationError("The request has no phone number to suppress.")
    entry, created = SuppressionEntry.objects.get_or_create(
        phone_hash=digest, defaults={"rights_request": rights_request}
    )
    if not entry.is_active:  # lifted earlier: a new objection suppresses the number again
        entry.rights_request, entry.created_at, entry.lifted_at, entry.lifted_by = (
            rights_request,
            timezone.now(),
            None,
            None,
        )
        entry.lift_reason, entry.lift_instruction_reference, entry.lift_instructed_on = "", "", None
        entry._history_user = actor
        entry.save()
        created = True
    message = "Number added to the suppression list." if created else "Number was already on the suppression list."
    record(rights_request, RightsRequestEvent.Kind.SUPPRESSED, message, actor=actor)
    return entry


@transaction.atomic
def rights_request_restrict(*, rights_request: RightsRequest, actor) -> int:
    """Restrict processing of the linked contacts (Art. 18): left out of exports and dialling."""
    rights_request = locked(rights_request)
    require_status(rights_request, WORKING, "restrict processing for")
    if not has_right(rights_request, Right.RESTRICTION):
        raise ValidationError("This request does not ask for restriction.")
    _require_matches(rights_request, "restrict it")
    contact_ids, _ = _linked_ids(rights_request)
    count = Contact.objects.filter(pk__in=contact_ids, processing_restricted_at__isnull=True).update(
        processing_restricted_at=timezone.now()
    )
    record(rights_request, RightsRequestEvent.Kind.RESTRICTED, f"Restricted {count} contact(s).", actor=actor)
    return count


@transaction.atomic
def rights_request_rectify(
    *, rights_request: RightsRequest, actor, name: str = "", email: str = "", phone: str = ""
) -> int:
    """Correct the linked contacts' name, email or phone (Art. 16); record which fields, not the values."""
    rights_request = locked(rights_request)
    require_status(rights_request, WORKING, "rectify data for")
    if not has_right(rights_request, Right.RECTIFICATION):
        raise ValidationError("This request does not ask for rectification.")
    _require_matches(rights_request, "rectify it")
    changes = {}
    if name.strip():
        changes["name"] = name.strip()
    if email.strip():
        changes["email"] = normalise_email(email)
    if phone.strip():
        try:
            changes["phone"] = normalise_phone(phone)
        except ValueError as exc:
            raise ValidationError({"phone": str(exc)}) from exc
    if not changes:
        raise ValidationError("Enter at least one corrected value.")
    contact_ids, _ = _linked_ids(rights_request)
    count = Contact.objects.filter(pk__in=contact_ids).update(**changes)
    record(
        rights_request,
        RightsRequestEvent.Kind.RECTIFIED,
        f"Rectified {', '.join(sorted(changes))} of {count} contact(s).",
        actor=actor,
    )
    return count
