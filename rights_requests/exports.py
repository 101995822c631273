"""Build the ZIP of a subject's data for access (Art. 15) or portability (Art. 20), per part.

A customer's part (campaign data, delivered to the customer): one JSON and one CSV file per category,
a readable summary and the recordings' audio. CallNex's own part: the own data with the Art. 15 cover
document. Restricted data is included and marked: a restriction (Art. 18) never limits the person's access.
"""

import io
import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.template.loader import render_to_string
from django.utils import timezone

from callnex_compliance import csv_safe
from callnex_compliance.platform_data.models import CallRecord, CallRecording, Contact, OrganisationProfile, Transcript

from .access_cover import access_cover_render, processing_facts_render
from .models import FileReview, RightsRequest
from .own_data import own_data_export_rows
from .selectors import part_files


@dataclass
class ExportFile:
    """The finished ZIP in a temporary file, with what it holds."""

    file: tempfile.SpooledTemporaryFile
    counts: dict[str, int]


def _matched_ids(rights_request: RightsRequest, customer=None) -> tuple[list[int], list[int]]:
    contact_ids, call_ids = [], []
    matches = rights_request.matches.all()
    if customer is not None:
        matches = matches.filter(customer=customer)
    for match in matches:
        contact_ids.extend(match.contact_ids)
        call_ids.extend(match.call_ids)
    return contact_ids, call_ids


def _contact_rows(contact_ids: list[int]) -> list[dict]:
    contacts = Contact.objects.filter(pk__in=contact_ids).select_related("campaign__customer")
    return [
        {
            "id": c.pk,
            "customer": c.campaign.customer.name,
            "campaign": c.campaign.name,
            "name": c.name,
            "phone": c.phone,
            "email": c.email,
            "added_at": c.created_at.isoformat(),
            "restricted": c.is_restricted,
        }
        for c in contacts.order_by("pk")
    ]


def _exportable_calls(call_ids: list[int]):
    return CallRecord.objects.filter(pk__in=call_ids)


def _call_rows(calls) -> list[dict]:
    return [
        {
            "id": c.pk,
            "customer": c.campaign.customer.name,
            "campaign": c.campaign.name,
            "direction": c.direction,
            "number": c.remote_number,
            "started_at": c.started_at.isoformat(),
            "ended_at": c.ended_at.isoformat(),
            "duration_seconds": c.duration_seconds,
            "outcome": c.outcome,
        }
        for c in calls.select_related("campaign__customer").order_by("started_at", "pk")
    ]


def _write_category(archive: zipfile.ZipFile, name: str, rows: list[dict]) -> None:
    archive.writestr(f"{name}.json", json.dumps(rows, indent=2, ensure_ascii=False))
    text = io.StringIO()
    if rows:
        writer = csv_safe.DictWriter(text, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    archive.writestr(f"{name}.csv", text.getvalue())


def _review_split(rights_request: RightsRequest, customer) -> tuple[set[tuple[str, int]], list[dict]]:
    """Return the (kind, id) of the files a reviewer released and the rows of those withheld, with the reason."""
    files = part_files(rights_request=rights_request, customer=customer)
    released = {(f.kind, f.file_id) for f in files if f.released}
    withheld = [
        {"file": f.label, "call_id": f.call_id, "reason": f.review.reason}
        for f in files
        if f.review is not None and f.review.decision == FileReview.Decision.WITHHOLD
    ]
    return released, withheld


def export_build(*, rights_request: RightsRequest, customer=None, reviewed: bool = False) -> ExportFile:
    """Return a ZIP of the subject's campaign data (of `customer` only, when given), in a temporary file.

    `reviewed`: CallNex delivers it to the person, so only the recordings and transcripts a reviewer
    released are included (Art. 15(4)); the withheld ones are listed with the reason.
    """
    contact_ids, call_ids = _matched_ids(rights_request, customer)
    calls = _exportable_calls(call_ids)
    exportable_call_ids = list(calls.values_list("pk", flat=True))
    contacts = _contact_rows(contact_ids)
    call_rows = _call_rows(calls)
    transcript_rows = Transcript.objects.filter(call_id__in=exportable_call_ids).order_by("call_id")
    recordings = CallRecording.objects.filter(call_id__in=exportable_call_ids).order_by("call_id")
    withheld: list[dict] = []
    if reviewed:
        released, withheld = _review_split(rights_request, customer)
        transcript_rows = [t for t in transcript_rows if (FileReview.Kind.TRANSCRIPT, t.pk) in released]
        recordings = [r for r in recordings if (FileReview.Kind.RECORDING, r.pk) in released]
    transcripts = [
        {"call_id": t.call_id, "language": t.language, "text": t.text, "created_at": t.created_at.isoformat()}
        for t in transcript_rows
    ]
    recordings = list(recordings)
    recording_rows = [
        {
            "call_id": r.call_id,
            "file": f"recordings/{r.call_id}{PurePosixPath(r.audio.name).suffix}",
            "duration_seconds": r.duration_seconds,
            "size_bytes": r.size_bytes,
        }
        for r in recordings
    ]
    counts = {
        "contacts": len(contacts),
        "calls": len(call_rows),
        "recordings": len(recording_rows),
        "transcripts": len(transcripts),
        "restricted_contacts": sum(1 for row in contacts if row["restricted"]),
    }
    if reviewed:
        counts["withheld_files"] = len(withheld)
    # Returned open to the caller, who stores it; it lives in memory up to 20 MB, then on disk.
    spooled = tempfile.SpooledTemporaryFile(max_size=20 * 1024 * 1024)  # noqa: SIM115
    with zipfile.ZipFile(spooled, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        summary = render_to_string(
            "rights_requests/export_summary.txt",
            {
                "request": rights_request,
                "organisation": OrganisationProfile.get_solo(),
                "generated_at": timezone.now(),
                "counts": counts,
                "matches": _matches(rights_request, customer),
                "reviewed": reviewed,
                "withheld": withheld,
            },
        )
        archive.writestr("summary.txt", summary)
        if customer is not None:
            archive.writestr("processing_facts.txt", processing_facts_render(customer=customer))
        _write_category(archive, "contacts", contacts)
        _write_category(archive, "calls", call_rows)
        _write_category(archive, "transcripts", transcripts)
        _write_category(archive, "recordings", recording_rows)
        if reviewed:
            _write_category(archive, "withheld_files", withheld)
        for recording, row in zip(recordings, recording_rows, strict=True):
            with recording.audio.open("rb") as source, archive.open(row["file"], "w") as target:
                shutil.copyfileobj(source, target)
    spooled.seek(0)
    return ExportFile(file=spooled, counts=counts)


def _matches(rights_request: RightsRequest, customer):
    matches = rights_request.matches.select_related("customer", "campaign")
    return matches if customer is None else matches.filter(customer=customer)


def own_export_build(*, rights_request: RightsRequest) -> ExportFile:
    """Return a ZIP of CallNex's own data about the subject with the plain-language Art. 15 cover document."""
    rows = own_data_export_rows(rights_request)
    counts = {kind: len(items) for kind, items in rows.items()}
    counts["restricted_records"] = sum(1 for items in rows.values() for row in items if row.get("restricted"))
    spooled = tempfile.SpooledTemporaryFile(max_size=20 * 1024 * 1024)  # noqa: SIM115
    with zipfile.ZipFile(spooled, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("about_your_data.txt", access_cover_render(rights_request=rights_request, counts=counts))
        for kind, items in rows.items():
            _write_category(archive, kind, items)
    spooled.seek(0)
    return ExportFile(file=spooled, counts=counts)
