"""Build the ZIP a subject receives for access (Art. 15) or portability (Art. 20).

One JSON and one CSV file per category, a readable summary and the recordings' audio. Contacts whose
processing is restricted (Art. 18), and the calls linked to them, are left out.
"""

import io
import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from callnex_compliance import csv_safe
from callnex_compliance.platform_data.models import CallRecord, CallRecording, Contact, OrganisationProfile, Transcript

from .models import RightsRequest


@dataclass
class ExportFile:
    """The finished ZIP in a temporary file, with what it holds."""

    file: tempfile.SpooledTemporaryFile
    counts: dict[str, int]


def _matched_ids(rights_request: RightsRequest) -> tuple[list[int], list[int]]:
    contact_ids, call_ids = [], []
    for match in rights_request.matches.all():
        contact_ids.extend(match.contact_ids)
        call_ids.extend(match.call_ids)
    return contact_ids, call_ids


def _contact_rows(contact_ids: list[int]) -> list[dict]:
    contacts = Contact.objects.filter(pk__in=contact_ids, processing_restricted_at__isnull=True).select_related(
        "campaign__customer"
    )
    return [
        {
            "id": c.pk,
            "customer": c.campaign.customer.name,
            "campaign": c.campaign.name,
            "name": c.name,
            "phone": c.phone,
            "email": c.email,
            "added_at": c.created_at.isoformat(),
        }
        for c in contacts.order_by("pk")
    ]


def _exportable_calls(call_ids: list[int]):
    unrestricted = Q(contact__isnull=True) | Q(contact__processing_restricted_at__isnull=True)
    return CallRecord.objects.filter(unrestricted, pk__in=call_ids)


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


def export_build(*, rights_request: RightsRequest) -> ExportFile:
    """Return a ZIP of the subject's linked data, built in a temporary file (spilling to disk when large)."""
    contact_ids, call_ids = _matched_ids(rights_request)
    calls = _exportable_calls(call_ids)
    exportable_call_ids = list(calls.values_list("pk", flat=True))
    contacts = _contact_rows(contact_ids)
    call_rows = _call_rows(calls)
    transcripts = [
        {"call_id": t.call_id, "language": t.language, "text": t.text, "created_at": t.created_at.isoformat()}
        for t in Transcript.objects.filter(call_id__in=exportable_call_ids).order_by("call_id")
    ]
    recordings = list(CallRecording.objects.filter(call_id__in=exportable_call_ids).order_by("call_id"))
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
        "restricted_contacts_left_out": len(contact_ids) - len(contacts),
    }
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
                "matches": rights_request.matches.select_related("customer", "campaign"),
            },
        )
        archive.writestr("summary.txt", summary)
        _write_category(archive, "contacts", contacts)
        _write_category(archive, "calls", call_rows)
        _write_category(archive, "transcripts", transcripts)
        _write_category(archive, "recordings", recording_rows)
        for recording, row in zip(recordings, recording_rows, strict=True):
            with recording.audio.open("rb") as source, archive.open(row["file"], "w") as target:
                shutil.copyfileobj(source, target)
    spooled.seek(0)
    return ExportFile(file=spooled, counts=counts)
