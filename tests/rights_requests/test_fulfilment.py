"""Fulfilment per part: the ZIP export, erasure approved by the DPC, suppression, restriction and rectification.

Campaign data is acted on only in a customer's part, on that customer's recorded instruction.
"""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone

from callnex_compliance.platform_data.models import CallRecord, CallRecording, Contact, Transcript
from rights_requests import selectors, services
from rights_requests.models import DataExport, SuppressionEntry
from tests.factories.platform_data import (
    AccountUserFactory,
    CallRecordFactory,
    CallRecordingFactory,
    CampaignFactory,
    ContactFactory,
    CustomerFactory,
    TranscriptFactory,
)
from tests.factories.retention import LegalHoldFactory
from tests.factories.rights_requests import instruct, request_via_intake

EMAIL, PHONE = "sofie.peeters@example.be", "+32470000001"


def _subject_contact(customer, restricted=False):
    contact = ContactFactory(
        campaign=CampaignFactory(customer=customer),
        email=EMAIL,
        phone=PHONE,
        processing_restricted_at=timezone.now() if restricted else None,
    )
    call = CallRecordFactory(campaign=contact.campaign, contact=contact)
    CallRecordingFactory(call=call)
    TranscriptFactory(call=call, text="Klant: ik wil niet meer gebeld worden.")
    return contact


@pytest.fixture
def data(db):
    """Customer A: two contacts of the subject (one restricted) in two campaigns, each with a recorded,
    transcribed call. Customer B: one more contact of the subject. An account user (CallNex's own data), a bystander.
    """
    customer_a, customer_b = CustomerFactory(), CustomerFactory()
    contacts = [_subject_contact(customer_a), _subject_contact(customer_a, restricted=True)]
    other = _subject_contact(customer_b)
    AccountUserFactory(customer=customer_a, email=EMAIL)
    bystander = CallRecordingFactory()
    return {"contacts": contacts, "a": customer_a, "b": customer_b, "other": other, "bystander": bystander}


def _working_request(rights, actor=None, *, customer=None, instruction=None):
    """A verified request with its data searched; with `customer`, that customer's part is instructed."""
    request = request_via_intake(rights=rights)
    services.rights_request_verify_identity(rights_request=request, actor=actor)
    services.rights_request_link_matches(rights_request=request, actor=actor)
    request.refresh_from_db()
    if customer is not None:
        request = instruct(request, customer, instruction, actor=actor)
    return request


def _zip(export: DataExport) -> zipfile.ZipFile:
    with export.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def test_export_holds_json_and_csv_per_category_a_summary_and_the_recordings(data, handler_user):
    request = _working_request(["access"], customer=data["a"], instruction="export")
    export = services.rights_request_export(rights_request=request, actor=handler_user, customer=data["a"])
    archive = _zip(export)
    names = set(archive.namelist())
    for category in ("contacts", "calls", "transcripts", "recordings"):
        assert {f"{category}.json", f"{category}.csv"} <= names
    assert "summary.txt" in names
    recordings = [n for n in names if n.startswith("recordings/") and n.endswith(".wav")]
    assert len(recordings) == 2 and archive.read(recordings[0])[:4] == b"RIFF"
    contacts = json.loads(archive.read("contacts.json"))
    assert [c["email"] for c in contacts] == [EMAIL, EMAIL]  # customer A's two, not customer B's
    assert {c["customer"] for c in contacts} == {data["a"].name}
    assert "ik wil niet meer gebeld worden" in archive.read("transcripts.csv").decode()


def test_customer_part_export_carries_the_register_facts_of_its_processing(data, handler_user):
    from tests.factories.legal_basis import approved_activity

    activity = approved_activity(name="Outbound campaigns", role="processor", purpose="Calls for customers.")
    activity.customers.add(data["a"])
    request = _working_request(["access"], customer=data["a"], instruction="export")
    export = services.rights_request_export(rights_request=request, actor=handler_user, customer=data["a"])
    facts = _zip(export).read("processing_facts.txt").decode()
    assert f"for {data['a'].name}" in facts and "Outbound campaigns" in facts and "Calls for customers." in facts
    assert export.customer == data["a"]


def test_export_includes_restricted_contacts_and_their_calls_marked_when_restricted(data, handler_user):
    # Art. 18 never limits the person's own access (the old export left restricted contacts out).
    request = _working_request(["portability"], customer=data["a"], instruction="export")
    export = services.rights_request_export(rights_request=request, actor=handler_user, customer=data["a"])
    archive = _zip(export)
    restricted = data["contacts"][1]
    rows = {c["id"]: c for c in json.loads(archive.read("contacts.json"))}
    assert rows[restricted.pk]["restricted"] is True
    assert len(json.loads(archive.read("calls.json"))) == 2
    assert export.counts["restricted_contacts"] == 1
    assert "under restriction of processing" in archive.read("summary.txt").decode()


def test_export_is_stored_under_an_unguessable_path_and_expires(data, handler_user):
    request = _working_request(["access"])
    export = services.rights_request_export(rights_request=request, actor=handler_user)
    assert export.file.name.startswith("rights_requests/exports/")
    assert len(export.token) >= 40 and export.token in export.file.name
    assert export.expires_at == export.created_at + services.EXPORT_LIFETIME


def test_export_is_refused_when_the_request_is_not_for_access_or_portability(data):
    request = _working_request(["erasure"])
    with pytest.raises(ValidationError, match="does not ask for this"):
        services.rights_request_export(rights_request=request, actor=None)


def test_export_download_is_served_to_a_request_handler(data, handler_user, handler_client):
    request = _working_request(["access"])
    export = services.rights_request_export(rights_request=request, actor=handler_user)
    response = handler_client.get(f"/rights-requests/exports/{export.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert request.events.filter(kind="export_downloaded", actor=handler_user).exists()


def test_export_download_is_forbidden_to_the_auditor_and_anonymous_users(data, handler_user, auditor_client, client):
    request = _working_request(["access"])
    export = services.rights_request_export(rights_request=request, actor=handler_user)
    url = f"/rights-requests/exports/{export.pk}/download/"
    assert auditor_client.get(url).status_code == 403
    assert client.get(url).status_code == 302  # to the login page


def test_export_download_is_gone_once_the_export_expired(data, handler_user, handler_client):
    request = _working_request(["access"])
    export = services.rights_request_export(rights_request=request, actor=handler_user)
    now = timezone.now()
    DataExport.objects.filter(pk=export.pk).update(created_at=now - dt.timedelta(days=8), expires_at=now)
    response = handler_client.get(f"/rights-requests/exports/{export.pk}/download/")
    assert response.status_code == 410
    assert b"expired" in response.content


def test_cleanup_removes_the_files_of_expired_exports_only(data, handler_user):
    request = _working_request(["access"])
    expired = services.rights_request_export(rights_request=request, actor=handler_user)
    fresh = services.rights_request_export(rights_request=request, actor=handler_user)
    expired_name = expired.file.name
    later = expired.expires_at + dt.timedelta(seconds=1)
    DataExport.objects.filter(pk=fresh.pk).update(expires_at=later + dt.timedelta(days=1))
    assert services.data_exports_purge_expired(now=later) == 1
    assert not default_storage.exists(expired_name)
    assert default_storage.exists(fresh.file.name)
    assert services.data_exports_purge_expired(now=later) == 0


def test_erasure_needs_the_data_protection_contact(data, handler_user):
    request = _working_request(["erasure"])
    with pytest.raises(PermissionDenied):
        services.rights_request_approve_erasure(rights_request=request, actor=handler_user)
    assert Contact.objects.filter(email=EMAIL).count() == 3


def test_erasure_deletes_the_matched_rows_and_their_files_after_commit(
    data, dpc_user, django_capture_on_commit_callbacks
):
    request = _working_request(["erasure"], customer=data["a"], instruction="erase")
    audio = list(CallRecording.objects.filter(call__contact__in=data["contacts"]).values_list("audio", flat=True))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        counts = services.rights_request_approve_erasure(rights_request=request, actor=dpc_user, customer=data["a"])
    assert all(default_storage.exists(name) for name in audio)  # nothing touched before the commit
    for callback in callbacks:
        callback()
    assert counts == {"contacts": 2, "calls": 2, "recordings": 2, "transcripts": 2}
    assert list(Contact.objects.filter(email=EMAIL)) == [data["other"]]  # customer B's stays
    assert list(CallRecord.objects.filter(remote_number=PHONE)) == list(data["other"].calls.all())
    assert Transcript.objects.count() == 1
    assert not any(default_storage.exists(name) for name in audio)
    assert default_storage.exists(data["bystander"].audio.name)


def test_erasure_records_counts_only_never_the_erased_content(data, dpc_user):
    request = _working_request(["erasure"], customer=data["a"], instruction="erase")
    services.rights_request_approve_erasure(rights_request=request, actor=dpc_user, customer=data["a"])
    event = request.events.get(kind="erased")
    assert event.message.endswith("erased 2 contacts, 2 calls, 2 recordings (audio files deleted) and 2 transcripts.")
    assert event.message.startswith(f"Customer #{data['a'].pk} ") and "on its instruction of" in event.message
    assert event.actor == dpc_user and event.part_customer == data["a"]


def test_erasure_also_removes_calls_the_contact_made_after_the_search(data, dpc_user):
    request = _working_request(["erasure"], customer=data["a"], instruction="erase")
    late_call = CallRecordFactory(contact=data["contacts"][0], remote_number="+32499111222")
    services.rights_request_approve_erasure(rights_request=request, actor=dpc_user, customer=data["a"])
    assert not CallRecord.objects.filter(pk=late_call.pk).exists()


def test_erasure_cannot_run_twice(data, dpc_user):
    request = _working_request(["erasure"], customer=data["a"], instruction="erase")
    services.rights_request_approve_erasure(rights_request=request, actor=dpc_user, customer=data["a"])
    with pytest.raises(ValidationError, match="already closed"):
        services.rights_request_approve_erasure(rights_request=request, actor=dpc_user, customer=data["a"])
    services.rights_request_approve_erasure(rights_request=request, actor=dpc_user)  # CallNex's own part
    with pytest.raises(ValidationError, match="already approved"):
        services.rights_request_approve_erasure(rights_request=request, actor=dpc_user)


def test_objection_suppresses_the_number_in_any_spelling_and_survives_erasure(data, dpc_user):
    request = _working_request(["objection", "erasure"], customer=data["a"], instruction="object")
    request = instruct(request, data["b"], "erase")
    services.rights_request_suppress(rights_request=request, actor=dpc_user, customer=data["a"])
    services.rights_request_approve_erasure(rights_request=request, actor=dpc_user, customer=data["b"])
    assert not Contact.objects.filter(pk=data["other"].pk).exists()
    assert selectors.is_suppressed("0470 00 00 01", customer=data["a"])
    assert not selectors.is_suppressed("0470 00 00 01", customer=data["b"])  # A's objection, A's campaigns
    assert not selectors.is_suppressed("+32470000002", customer=data["a"])
    entry = SuppressionEntry.objects.get()
    assert "470000001" not in entry.phone_hash and len(entry.phone_hash) == 64


def test_suppression_hash_depends_on_the_hash_key(settings):
    first = selectors.suppression_hash(PHONE)
    settings.HASH_KEY = "another-key"
    assert selectors.suppression_hash(PHONE) != first


def test_restriction_marks_the_linked_contacts(data):
    request = _working_request(["restriction"], customer=data["a"], instruction="restrict")
    assert services.rights_request_restrict(rights_request=request, actor=None, customer=data["a"]) == 1
    assert not Contact.objects.filter(pk__in=[c.pk for c in data["contacts"]], processing_restricted_at=None).exists()
    assert Contact.objects.get(pk=data["other"].pk).processing_restricted_at is None  # customer B not instructed


def test_rectification_corrects_the_linked_contacts_and_records_only_the_field_names(data):
    request = _working_request(["rectification"], customer=data["a"], instruction="rectify")
    count = services.rights_request_rectify(
        rights_request=request, actor=None, name="Sofie Peeters-Janssens", customer=data["a"]
    )
    assert count == 2
    names = set(Contact.objects.filter(pk__in=[c.pk for c in data["contacts"]]).values_list("name", flat=True))
    assert names == {"Sofie Peeters-Janssens"}
    assert request.events.get(kind="rectified").message.endswith(": rectified name of 2 contact(s).")


def test_rectification_rejects_an_invalid_phone_number(data):
    request = _working_request(["rectification"], customer=data["a"], instruction="rectify")
    with pytest.raises(ValidationError, match="valid phone number"):
        services.rights_request_rectify(rights_request=request, actor=None, phone="not a number", customer=data["a"])


def test_erasure_keeps_data_under_a_legal_hold_and_says_so(data, dpc_user):
    held_contact, free_contact = data["contacts"]
    LegalHoldFactory(campaign=held_contact.campaign)
    request = _working_request(["erasure"], customer=data["a"], instruction="erase")
    counts = services.rights_request_approve_erasure(rights_request=request, actor=dpc_user, customer=data["a"])
    assert counts["contacts"] == 1 and counts["calls"] == 1 and counts["kept_by_hold"] == 2
    assert Contact.objects.filter(pk=held_contact.pk).exists()
    assert not Contact.objects.filter(pk=free_contact.pk).exists()
    assert CallRecord.objects.filter(contact=held_contact).count() == 1
    messages = list(request.events.filter(kind="erased").values_list("message", flat=True))
    assert any("legal hold (Art. 17(3)(e))" in message for message in messages)


def test_erasure_preview_says_what_a_legal_hold_will_keep(data, dpc_user, dpc_client):
    held_contact, _ = data["contacts"]
    LegalHoldFactory(contact=held_contact)
    request = _working_request(["erasure"])
    page = dpc_client.get(f"/admin/rights_requests/rightsrequest/{request.pk}/workflow/erase/")
    assert page.status_code == 200
    assert b"A legal hold keeps 1 of these contacts and 1 calls" in page.content
