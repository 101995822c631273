"""Art. 15(4): recordings and transcripts CallNex itself delivers to the person go out only after a per-file review.

When a customer's export instruction says CallNex delivers the export to the person, a reviewer
releases or withholds each recording and transcript; the export is refused while any file is
undecided, carries only the released files and lists the withheld ones with the reason. An export
delivered to the customer (the controller, who answers the person) needs no review.
"""

import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from rights_requests import services
from rights_requests.models import FileReview, Forwarding, Instruction, RightsRequest, RightsRequestEvent
from rights_requests.selectors import brussels_today
from tests.factories.platform_data import (
    CallRecordFactory,
    CallRecordingFactory,
    CampaignFactory,
    ContactFactory,
    CustomerFactory,
    TranscriptFactory,
)
from tests.factories.rights_requests import request_via_intake

EMAIL, PHONE = "sofie.peeters@example.be", "+32470000001"
URL = "/api/rights-requests/"
WITHHELD_REASON = "The agent's voice and a colleague's name: released only with their consent."


@pytest.fixture
def part(db):
    """A customer holding the person with two calls: each with a recording and a transcript."""
    customer = CustomerFactory(name="Brasserie Delvaux SRL")
    contact = ContactFactory(campaign=CampaignFactory(customer=customer), email=EMAIL, phone=PHONE)
    calls = [CallRecordFactory(campaign=contact.campaign, contact=contact) for _ in range(2)]
    recordings = [CallRecordingFactory(call=call) for call in calls]
    transcripts = [TranscriptFactory(call=call, text=f"Agent: transcript of call {call.pk}.") for call in calls]
    request = request_via_intake(rights=["access"])
    services.rights_request_link_matches(rights_request=request, actor=None)
    request.refresh_from_db()
    return {"customer": customer, "request": request, "recordings": recordings, "transcripts": transcripts}


def _instruct_export(part, *, to_person: bool, actor=None):
    services.rights_request_forward_to_controller(rights_request=part["request"], actor=actor)
    services.forwarding_record_instruction(
        rights_request=part["request"],
        customer=part["customer"],
        actor=actor,
        instruction=Instruction.EXPORT,
        received_on=brussels_today(),
        deliver_to_person=to_person,
    )


def _decide(part, kind, file, decision, actor, reason=""):
    return services.file_review_decide(
        rights_request=part["request"], customer=part["customer"], kind=kind, file_id=file.pk,
        decision=decision, reason=reason, actor=actor,
    )  # fmt: skip


def _decide_all(part, actor):
    """Release the first call's files and the second transcript; withhold the second recording."""
    first_recording, second_recording = part["recordings"]
    for transcript in part["transcripts"]:
        _decide(part, "transcript", transcript, "release", actor)
    _decide(part, "recording", first_recording, "release", actor)
    _decide(part, "recording", second_recording, "withhold", actor, WITHHELD_REASON)


def _zip(export) -> zipfile.ZipFile:
    with export.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def test_export_to_the_person_is_refused_while_a_file_is_undecided_and_nothing_is_exported(part, handler_user):
    _instruct_export(part, to_person=True)
    _decide(part, "recording", part["recordings"][0], "release", handler_user)
    with pytest.raises(ValidationError, match=r"Art\. 15\(4\).*3 file\(s\).*undecided"):
        services.rights_request_export(rights_request=part["request"], actor=handler_user, customer=part["customer"])
    assert not part["request"].exports.exists()
    assert part["request"].forwardings.get().closed_at is None


def test_export_to_the_person_holds_only_released_files_and_lists_the_withheld_with_the_reason(part, handler_user):
    _instruct_export(part, to_person=True)
    _decide_all(part, handler_user)
    export = services.rights_request_export(
        rights_request=part["request"], actor=handler_user, customer=part["customer"]
    )
    archive = _zip(export)
    released, withheld = part["recordings"]
    audio = [name for name in archive.namelist() if name.startswith("recordings/")]
    assert audio == [f"recordings/{released.call_id}.wav"]
    assert [row["call_id"] for row in json.loads(archive.read("recordings.json"))] == [released.call_id]
    assert len(json.loads(archive.read("transcripts.json"))) == 2
    withheld_rows = json.loads(archive.read("withheld_files.json"))
    assert withheld_rows == [
        {"file": f"Call recording of call #{withheld.call_id}", "call_id": withheld.call_id, "reason": WITHHELD_REASON}
    ]
    summary = archive.read("summary.txt").decode()
    assert "Art. 15(4)" in summary and WITHHELD_REASON in summary
    assert export.counts["recordings"] == 1 and export.counts["withheld_files"] == 1
    forwarding = part["request"].forwardings.get()
    assert forwarding.closed_at is not None and "to the person" in forwarding.outcome


def test_a_withheld_transcript_is_left_out_of_the_transcripts(part, handler_user):
    _instruct_export(part, to_person=True)
    for recording in part["recordings"]:
        _decide(part, "recording", recording, "release", handler_user)
    kept_back, released = part["transcripts"]
    _decide(part, "transcript", kept_back, "withhold", handler_user, "Names another caller.")
    _decide(part, "transcript", released, "release", handler_user)
    archive = _zip(
        services.rights_request_export(rights_request=part["request"], actor=handler_user, customer=part["customer"])
    )
    assert [row["call_id"] for row in json.loads(archive.read("transcripts.json"))] == [released.call_id]
    assert f"transcript of call {kept_back.call_id}" not in archive.read("transcripts.csv").decode()


def test_an_export_delivered_to_the_customer_needs_no_review_and_holds_every_file(part, handler_user):
    _instruct_export(part, to_person=False)
    export = services.rights_request_export(
        rights_request=part["request"], actor=handler_user, customer=part["customer"]
    )
    archive = _zip(export)
    assert len([name for name in archive.namelist() if name.startswith("recordings/")]) == 2
    assert "withheld_files.json" not in archive.namelist()
    assert "to the customer" in part["request"].forwardings.get().outcome


def test_files_of_a_part_delivered_to_the_customer_cannot_be_reviewed_here(part, handler_user):
    _instruct_export(part, to_person=False)
    with pytest.raises(ValidationError, match="the customer answers the person"):
        _decide(part, "recording", part["recordings"][0], "release", handler_user)
    assert not FileReview.objects.exists()


def test_withholding_a_file_needs_a_reason(part, handler_user):
    _instruct_export(part, to_person=True)
    with pytest.raises(ValidationError, match="Say why"):
        _decide(part, "recording", part["recordings"][0], "withhold", handler_user, "  ")
    assert not FileReview.objects.exists()


def test_a_file_of_another_part_or_request_cannot_be_reviewed(part, handler_user):
    _instruct_export(part, to_person=True)
    stranger = CallRecordingFactory()
    with pytest.raises(ValidationError, match="not among the files"):
        _decide(part, "recording", stranger, "release", handler_user)


def test_a_changed_decision_is_kept_in_history_and_the_timeline(part, handler_user, dpc_user):
    _instruct_export(part, to_person=True)
    recording = part["recordings"][0]
    _decide(part, "recording", recording, "release", handler_user)
    review = _decide(part, "recording", recording, "withhold", dpc_user, WITHHELD_REASON)
    assert FileReview.objects.count() == 1
    assert (review.decision, review.reviewer, review.reason) == ("withhold", dpc_user, WITHHELD_REASON)
    assert [h.decision for h in review.history.order_by("history_id")] == ["release", "withhold"]
    messages = list(part["request"].events.filter(kind=RightsRequestEvent.Kind.FILE_REVIEWED).values_list(
        "message", flat=True))  # fmt: skip
    assert len(messages) == 2 and "withheld" in messages[1] and WITHHELD_REASON not in messages[1]


def test_an_auditor_cannot_decide_on_a_file(part, auditor_user):
    _instruct_export(part, to_person=True)
    with pytest.raises(PermissionDenied):
        _decide(part, "recording", part["recordings"][0], "release", auditor_user)


def test_delivery_to_the_person_can_only_be_part_of_an_export_instruction(part):
    services.rights_request_forward_to_controller(rights_request=part["request"], actor=None)
    with pytest.raises(ValidationError, match="Only an export instruction"):
        services.forwarding_record_instruction(
            rights_request=part["request"], customer=part["customer"], actor=None, instruction=Instruction.ERASE,
            received_on=brussels_today(), deliver_to_person=True,
        )  # fmt: skip
    assert not Forwarding.objects.filter(export_to_person=True).exists()


def test_anonymisation_removes_the_reasons_and_keeps_the_decisions(part, handler_user):
    import datetime as dt

    from django.utils import timezone

    _instruct_export(part, to_person=True)
    _decide_all(part, handler_user)
    services.rights_request_export(rights_request=part["request"], actor=handler_user, customer=part["customer"])
    closed = timezone.now() - dt.timedelta(days=3 * 366)  # CallNex's own part closed long ago, too
    RightsRequest.objects.filter(pk=part["request"].pk).update(status="completed", closed_at=closed)
    assert services.rights_requests_anonymise_closed(closed_before=timezone.now() - dt.timedelta(days=3 * 365)) == 1
    withheld = FileReview.objects.get(decision="withhold")
    assert withheld.reason == "[anonymised]"
    assert not withheld.history.filter(reason=WITHHELD_REASON).exists()


# The staff API


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_records_an_instruction_to_deliver_to_the_person_and_reviews_files(part, handler_user):
    api, request, customer = _api(handler_user), part["request"], part["customer"]
    api.post(f"{URL}{request.pk}/forward/", {}, format="json")
    body = {"customer": customer.pk, "instruction": "export", "received_on": str(brussels_today()),
            "deliver_to_person": True}  # fmt: skip
    parts = api.post(f"{URL}{request.pk}/record-instruction/", body, format="json")
    assert parts.status_code == 200 and parts.json()["customers"][0]["export_to_person"] is True

    refused = api.post(f"{URL}{request.pk}/export/", {"customer": customer.pk}, format="json")
    assert refused.status_code == 400 and "Art. 15(4)" in str(refused.json())

    recording = part["recordings"][0]
    decided = api.post(
        f"{URL}{request.pk}/review-file/",
        {"customer": customer.pk, "kind": "recording", "file_id": recording.pk, "decision": "release"},
        format="json",
    )
    assert decided.status_code == 200
    files = decided.json()
    assert len(files) == 4 and [
        f["decision"] for f in files if (f["kind"], f["file_id"]) == ("recording", recording.pk)
    ] == ["release"]
    assert sum(f["decision"] is None for f in files) == 3


def test_api_withholding_without_a_reason_is_a_400_with_a_message(part, handler_user):
    _instruct_export(part, to_person=True)
    response = _api(handler_user).post(
        f"{URL}{part['request'].pk}/review-file/",
        {"customer": part["customer"].pk, "kind": "transcript", "file_id": part["transcripts"][0].pk,
         "decision": "withhold"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400 and "Say why" in str(response.json())


def test_api_review_is_refused_to_the_auditor(part, auditor_user):
    _instruct_export(part, to_person=True)
    response = _api(auditor_user).post(
        f"{URL}{part['request'].pk}/review-file/",
        {"customer": part["customer"].pk, "kind": "recording", "file_id": part["recordings"][0].pk,
         "decision": "release"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 403 and not FileReview.objects.exists()


# The admin review page


def _review_url(request) -> str:
    return f"/admin/rights_requests/rightsrequest/{request.pk}/file-review/"


def test_admin_review_page_lists_the_files_and_records_a_decision_per_file(part, handler_client):
    _instruct_export(part, to_person=True)
    request, transcript = part["request"], part["transcripts"][0]
    page = handler_client.get(_review_url(request)).content.decode()
    assert "4 files, 4 undecided" in page and f"transcript of call {transcript.call_id}" in page
    response = handler_client.post(
        _review_url(request),
        {"customer": part["customer"].pk, "kind": "transcript", "file_id": transcript.pk, "decision": "withhold",
         "reason": WITHHELD_REASON},
    )  # fmt: skip
    assert response.status_code == 302
    review = FileReview.objects.get()
    assert (review.kind, review.file_id, review.decision, review.reason) == (
        "transcript", transcript.pk, "withhold", WITHHELD_REASON)  # fmt: skip
    assert "3 undecided" in handler_client.get(_review_url(request)).content.decode()


def test_admin_review_refuses_the_auditor_and_changes_nothing(part, auditor_client):
    _instruct_export(part, to_person=True)
    request = part["request"]
    assert auditor_client.get(_review_url(request)).status_code == 200  # reading is the auditor's job
    response = auditor_client.post(
        _review_url(request),
        {"customer": part["customer"].pk, "kind": "recording", "file_id": part["recordings"][0].pk,
         "decision": "release"},
    )  # fmt: skip
    assert response.status_code == 403 and not FileReview.objects.exists()


def test_admin_review_page_of_an_unknown_request_is_a_404(db, handler_client):
    assert handler_client.get("/admin/rights_requests/rightsrequest/not-a-number/file-review/").status_code == 404
    assert handler_client.get("/admin/rights_requests/rightsrequest/999999/file-review/").status_code == 404


def test_admin_export_shows_a_message_while_files_are_undecided(part, handler_client):
    _instruct_export(part, to_person=True)
    request = part["request"]
    response = handler_client.post(
        f"/admin/rights_requests/rightsrequest/{request.pk}/workflow/export/", {"customer": part["customer"].pk}
    )
    assert response.status_code == 200 and "4 file(s)" in response.content.decode()
    assert not request.exports.exists()
