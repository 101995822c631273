"""Fulfil the rights, part by part: export, erasure, suppression, restriction, rectification.

Without `customer` an action is on CallNex's own (controller) data, and only once the requester's
identity is verified (Art. 12(6)). With `customer` it is on that customer's campaign data only, and
only when the customer's recorded instruction asks for exactly that action (Art. 28(3)(a)); carrying
it out closes the customer's part. Every action records counts in the timeline, never the content.
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

from callnex_compliance.display import human_time
from callnex_compliance.platform_data.models import CallRecord, Contact, Customer
from callnex_compliance.platform_data.normalise import normalise_email, normalise_phone
from callnex_compliance.private_storage import files_delete_after_commit
from retention.selectors import held_platform_rows

from .. import own_data
from ..exports import export_build, own_export_build
from ..models import DataExport, Forwarding, Instruction, Right, RightsRequest, RightsRequestEvent, SuppressionEntry
from ..selectors import suppression_hash
from ._common import close_when_every_part_is_closed, has_right, locked, record, require_status, save
from .file_review import undecided_files
from .notices import record_recipients_to_notify

logger = logging.getLogger(__name__)

Status = RightsRequest.Status
WORKING = (Status.IN_PROGRESS, Status.FORWARDED)
OPEN = (Status.RECEIVED, Status.AWAITING_IDENTITY, Status.IN_PROGRESS, Status.FORWARDED)
EXPORT_LIFETIME = dt.timedelta(days=7)


class ExportUnavailable(Exception):
    """The export has expired or its file was removed."""


def _linked_ids(rights_request: RightsRequest, customer: Customer | None = None) -> tuple[list[int], list[int]]:
    contact_ids, call_ids = [], []
    matches = rights_request.matches.all()
    if customer is not None:
        matches = matches.filter(customer=customer)
    for match in matches:
        contact_ids.extend(match.contact_ids)
        call_ids.extend(match.call_ids)
    return contact_ids, call_ids


def _own_part(rights_request: RightsRequest, action: str, *rights: str) -> None:
    """Check CallNex may act on its own data now: open, identity verified, the right asked, data searched."""
    require_status(rights_request, OPEN, action)
    if not rights_request.is_identity_verified:
        raise ValidationError(
            f"Verify the requester's identity before you {action} CallNex's own data (Art. 12(6)); "
            "nothing was changed.",
            code="identity_not_verified",
        )
    require_status(rights_request, WORKING, action)
    if rights_request.own_part_closed_at:
        raise ValidationError("CallNex's own part of this request is already closed.")
    if rights and not has_right(rights_request, *rights):
        raise ValidationError(f"This request does not ask for this ({', '.join(rights)}).")
    if not rights_request.has_own_data:
        raise ValidationError(f"CallNex holds no data of its own about the person to {action}: search the data first.")


def _customer_part(rights_request: RightsRequest, customer: Customer, instruction: str, action: str) -> Forwarding:
    """Return the customer's open part when its recorded instruction is `instruction`; else refuse clearly."""
    require_status(rights_request, OPEN, action)
    forwarding = rights_request.forwardings.select_for_update().filter(customer=customer).first()
    if forwarding is None:
        raise ValidationError(f"Customer #{customer.pk} has no part in this request: search the data first.")
    if forwarding.closed_at is not None:
        raise ValidationError(f"The part of customer #{customer.pk} is already closed; nothing was changed.")
    if forwarding.instruction != instruction:
        recorded = (
            f"its recorded instruction is '{forwarding.get_instruction_display().lower()}'"
            if forwarding.instruction
            else "no instruction is recorded yet"
        )
        raise ValidationError(
            f"Customer #{customer.pk} has not instructed us to {action} its data ({recorded}). As its processor we "
            "act on a customer's data only on its documented instruction (Art. 28(3)(a)); nothing was changed.",
            code="no_instruction",
        )
    return forwarding


def _part_prefix(forwarding: Forwarding) -> str:
    return (
        f"Customer #{forwarding.customer_id} ({forwarding.customer.name}) part, on its instruction of "
        f"{forwarding.instruction_received_on:%d %B %Y}"
    )


def _close_part(rights_request: RightsRequest, forwarding: Forwarding, *, actor, outcome: str) -> None:
    forwarding.closed_at, forwarding.outcome = timezone.now(), outcome
    forwarding._history_user = actor
    forwarding.save(update_fields=["closed_at", "outcome"])
    close_when_every_part_is_closed(rights_request, actor=actor)


@transaction.atomic
def rights_request_export(*, rights_request: RightsRequest, actor, customer: Customer | None = None) -> DataExport:
    """Build the subject's ZIP and store it privately until it expires.

    CallNex's own part: the person's own data (restricted rows included, Art. 18 never limits access)
    with the Art. 15 cover document. A customer's part: its campaign data, delivered to the customer;
    or, when its instruction says CallNex delivers to the person, only once every recording and
    transcript has its Art. 15(4) decision, with the released files only and the withheld ones listed.
    """
    rights_request = locked(rights_request)
    forwarding = None
    if customer is None:
        _own_part(rights_request, "export", Right.ACCESS, Right.PORTABILITY)
        built = own_export_build(rights_request=rights_request)
    else:
        forwarding = _customer_part(rights_request, customer, Instruction.EXPORT, "export")
        if forwarding.export_to_person:
            _require_reviewed(rights_request, customer)
        built = export_build(rights_request=rights_request, customer=customer, reviewed=forwarding.export_to_person)
    now = timezone.now()
    export = DataExport(
        rights_request=rights_request,
        customer=customer,
        token=secrets.token_urlsafe(32),
        counts=built.counts,
        created_by=actor,
        created_at=now,
        expires_at=now + EXPORT_LIFETIME,
    )
    export._history_user = actor
    export.save()
    counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in built.counts.items())
    expires = f"expires {human_time(export.expires_at)}"
    if forwarding is None:
        message = f"CallNex (own data): export #{export.pk} created for the requester: {counts}; {expires}."
    else:
        prefix, recipient = _part_prefix(forwarding), "the person" if forwarding.export_to_person else "the customer"
        message = f"{prefix}: export #{export.pk} created for delivery to {recipient}: {counts}; {expires}."
    record(rights_request, RightsRequestEvent.Kind.EXPORTED, message, actor=actor, customer=customer)
    if forwarding is not None:
        _close_part(rights_request, forwarding, actor=actor, outcome=f"Export #{export.pk} delivered to {recipient}.")
    # Written last, so that nothing after it can roll the transaction back and orphan the file.
    export.file.save(f"{rights_request.reference}.zip", File(built.file), save=False)
    export.size_bytes = export.file.size
    export.save(update_fields=["file", "size_bytes"])
    logger.info("Export %s of %s stored", export.pk, rights_request.reference)
    return export


def _require_reviewed(rights_request: RightsRequest, customer: Customer) -> None:
    """Refuse an export CallNex delivers to the person while a recording or transcript is undecided (Art. 15(4))."""
    undecided = undecided_files(rights_request=rights_request, customer=customer)
    if undecided:
        raise ValidationError(
            f"Review every recording and transcript before CallNex delivers the export to the person (Art. 15(4)): "
            f"{len(undecided)} file(s) of customer #{customer.pk}'s part are undecided; nothing was exported.",
            code="files_undecided",
        )


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


def erasure_plan(
    *, rights_request: RightsRequest, customer: Customer | None = None
) -> tuple[QuerySet, QuerySet, dict[str, int]]:
    """Return the calls and contacts an erasure would delete, and how many a legal hold keeps.

    Only the linked data of `customer` (or of every customer when None, for a preview). Calls the
    matched contacts placed since the search are included (they would otherwise survive, unlinked).
    Data under a legal hold is kept for the legal claim (Art. 17(3)(e)).
    """
    contact_ids, call_ids = _linked_ids(rights_request, customer)
    calls = CallRecord.objects.filter(pk__in=call_ids) | CallRecord.objects.filter(contact_id__in=contact_ids)
    contacts = Contact.objects.filter(pk__in=contact_ids)
    held = held_platform_rows()
    kept = {"contacts": contacts.filter(held.contact_q()).count(), "calls": calls.filter(held.call_q()).count()}
    return calls.exclude(held.call_q()), contacts.exclude(held.contact_q()), kept


def _erase_campaign_data(rights_request: RightsRequest, customer: Customer) -> tuple[dict[str, int], dict[str, int]]:
    calls, contacts, kept = erasure_plan(rights_request=rights_request, customer=customer)
    # Recording files go with their rows (callnex_compliance.private_storage, after commit).
    _, deleted_calls = calls.delete()
    _, deleted_contacts = contacts.delete()
    counts = {
        "contacts": deleted_contacts.get("platform_data.Contact", 0),
        "calls": deleted_calls.get("platform_data.CallRecord", 0),
        "recordings": deleted_calls.get("platform_data.CallRecording", 0),
        "transcripts": deleted_calls.get("platform_data.Transcript", 0),
    }
    return counts, kept


def _delete_exports(rights_request: RightsRequest, customer: Customer | None) -> None:
    exports = list(rights_request.exports.filter(deleted_at__isnull=True, customer=customer).exclude(file=""))
    rights_request.exports.filter(pk__in=[e.pk for e in exports]).update(deleted_at=timezone.now(), file="")
    files_delete_after_commit([export.file.name for export in exports])


@transaction.atomic
def rights_request_approve_erasure(*, rights_request: RightsRequest, actor, customer: Customer | None = None) -> dict:
    """Erase one part's data once a data protection contact approves; record counts, delete files after commit."""
    if not actor.has_perm("rights_requests.approve_erasure"):
        raise PermissionDenied("Only the data protection contact may approve an erasure.")
    rights_request = locked(rights_request)
    if customer is not None:
        return _erase_customer_part(rights_request, customer, actor=actor)
    _own_part(rights_request, "erase", Right.ERASURE)
    if rights_request.erasure_approved_at:
        raise ValidationError("The erasure of CallNex's own data was already approved and carried out.")
    deleted, kept = own_data.own_data_erase(rights_request)
    _delete_exports(rights_request, None)
    rights_request.erasure_approved_by, rights_request.erasure_approved_at = actor, timezone.now()
    save(rights_request, actor=actor, reason="Erasure of own data approved and carried out")
    record(
        rights_request, RightsRequestEvent.Kind.ERASURE_APPROVED, "CallNex (own data): erasure approved.", actor=actor
    )
    record(
        rights_request,
        RightsRequestEvent.Kind.ERASED,
        f"CallNex (own data): erased {own_data.own_data_summary({**dict.fromkeys(own_data.LABELS, 0), **deleted})}.",
        actor=actor,
    )
    for kind, count in kept.items():
        record(
            rights_request,
            RightsRequestEvent.Kind.ERASED,
            f"CallNex (own data): kept {count} {own_data.LABELS[kind]}: {own_data.KEPT_ON_ERASURE[kind]}.",
            actor=actor,
        )
    record_recipients_to_notify(rights_request, "erasure", actor=actor)
    logger.info("Erasure of own data for %s: %s", rights_request.reference, deleted)
    return {**deleted, "kept": kept}


def _erase_customer_part(rights_request: RightsRequest, customer: Customer, *, actor) -> dict[str, int]:
    forwarding = _customer_part(rights_request, customer, Instruction.ERASE, "erase")
    counts, kept = _erase_campaign_data(rights_request, customer)
    _delete_exports(rights_request, customer)
    prefix = _part_prefix(forwarding)
    record(
        rights_request,
        RightsRequestEvent.Kind.ERASURE_APPROVED,
        f"{prefix}: erasure approved.",
        actor=actor,
        customer=customer,
    )
    record(
        rights_request,
        RightsRequestEvent.Kind.ERASED,
        f"{prefix}: erased {counts['contacts']} contacts, {counts['calls']} calls, {counts['recordings']} recordings "
        f"(audio files deleted) and {counts['transcripts']} transcripts.",
        actor=actor,
        customer=customer,
    )
    outcome = "Erased as instructed."
    if any(kept.values()):
        record(
            rights_request,
            RightsRequestEvent.Kind.ERASED,
            f"{prefix}: kept {kept['contacts']} contacts and {kept['calls']} calls under a legal hold (Art. 17(3)(e)); "
            "erase them once the hold is released.",
            actor=actor,
            customer=customer,
        )
        counts["kept_by_hold"] = kept["contacts"] + kept["calls"]
        outcome = "Erased as instructed, except data under a legal hold (Art. 17(3)(e))."
    _close_part(rights_request, forwarding, actor=actor, outcome=outcome)
    logger.info("Erasure for %s, customer part #%s: %s", rights_request.reference, customer.pk, counts)
    return counts


@transaction.atomic
def rights_request_suppress(
    *, rights_request: RightsRequest, actor, customer: Customer | None = None
) -> SuppressionEntry:
    """Add the requester's number to the "never call again" list on a customer's instruction (Art. 21(3))."""
    rights_request = locked(rights_request)
    if customer is None:
        raise ValidationError(
            "An objection to calls concerns a customer's campaigns: record that customer's 'object' instruction "
            "and suppress on its part (give the customer)."
        )
    forwarding = _customer_part(rights_request, customer, Instruction.OBJECT, "suppress")
    digest = suppression_hash(rights_request.requester_phone)
    if digest is None:
        raise ValidationError("The request has no phone number to suppress.")
    entry, created = SuppressionEntry.objects.get_or_create(
        phone_hash=digest, customer=customer, defaults={"rights_request": rights_request}
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
    message = "number added to the suppression list." if created else "number was already on the suppression list."
    record(
        rights_request,
        RightsRequestEvent.Kind.SUPPRESSED,
        f"{_part_prefix(forwarding)}: {message}",
        actor=actor,
        customer=customer,
    )
    _close_part(rights_request, forwarding, actor=actor, outcome="Objection recorded; number suppressed.")
    return entry


@transaction.atomic
def rights_request_restrict(*, rights_request: RightsRequest, actor, customer: Customer | None = None) -> int:
    """Restrict processing (Art. 18) of CallNex's own data, or of a customer's contacts on its instruction."""
    rights_request = locked(rights_request)
    if customer is None:
        _own_part(rights_request, "restrict", Right.RESTRICTION)
        count = own_data.own_data_restrict(rights_request)
        record(
            rights_request,
            RightsRequestEvent.Kind.RESTRICTED,
            f"CallNex (own data): restricted {count} record(s).",
            actor=actor,
        )
        record_recipients_to_notify(rights_request, "restriction", actor=actor)
        return count
    forwarding = _customer_part(rights_request, customer, Instruction.RESTRICT, "restrict")
    contact_ids, _ = _linked_ids(rights_request, customer)
    count = Contact.objects.filter(pk__in=contact_ids, processing_restricted_at__isnull=True).update(
        processing_restricted_at=timezone.now()
    )
    record(
        rights_request,
        RightsRequestEvent.Kind.RESTRICTED,
        f"{_part_prefix(forwarding)}: restricted {count} contact(s).",
        actor=actor,
        customer=customer,
    )
    _close_part(rights_request, forwarding, actor=actor, outcome="Processing restricted as instructed.")
    return count


def _corrections(name: str, email: str, phone: str) -> dict[str, str]:
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
    return changes


@transaction.atomic
def rights_request_rectify(
    *,
    rights_request: RightsRequest,
    actor,
    name: str = "",
    email: str = "",
    phone: str = "",
    customer: Customer | None = None,
) -> int:
    """Correct name, email or phone (Art. 16) in one part; record which fields, not the values."""
    rights_request = locked(rights_request)
    if customer is None:
        _own_part(rights_request, "rectify", Right.RECTIFICATION)
        changes = _corrections(name, email, phone)
        count = own_data.own_data_rectify(rights_request, changes)
        record(
            rights_request,
            RightsRequestEvent.Kind.RECTIFIED,
            f"CallNex (own data): rectified {', '.join(sorted(changes))} of {count} record(s).",
            actor=actor,
        )
        record_recipients_to_notify(rights_request, "rectification", actor=actor)
        return count
    forwarding = _customer_part(rights_request, customer, Instruction.RECTIFY, "rectify")
    changes = _corrections(name, email, phone)
    contact_ids, _ = _linked_ids(rights_request, customer)
    count = Contact.objects.filter(pk__in=contact_ids).update(**changes)
    record(
        rights_request,
        RightsRequestEvent.Kind.RECTIFIED,
        f"{_part_prefix(forwarding)}: rectified {', '.join(sorted(changes))} of {count} contact(s).",
        actor=actor,
        customer=customer,
    )
    _close_part(rights_request, forwarding, actor=actor, outcome="Rectified as instructed.")
    return count
