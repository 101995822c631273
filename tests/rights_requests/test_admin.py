"""The admin: one request walked end to end, the worklist's filters, colours and constant query count."""

import datetime as dt
import logging

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from callnex_compliance.platform_data.models import CallRecord, CallRecording, Contact, Transcript
from rights_requests.deadlines import Urgency
from rights_requests.models import RightsRequest
from rights_requests.selectors import brussels_today
from tests.confirm import post_confirmed
from tests.factories.platform_data import (
    AccountUserFactory,
    CallRecordFactory,
    CallRecordingFactory,
    CampaignFactory,
    ContactFactory,
    CustomerFactory,
    TranscriptFactory,
)
from tests.factories.rights_requests import RightsRequestFactory

CHANGELIST = "/admin/rights_requests/rightsrequest/"
EMAIL, PHONE = "sofie.peeters@example.be", "+32470000001"


def _workflow(request: RightsRequest, slug: str) -> str:
    return f"{CHANGELIST}{request.pk}/workflow/{slug}/"


@pytest.fixture
def sofie(db):
    """Sofie Peeters at two customers, each with a recorded and transcribed call."""
    audio = []
    for name in ("Brasserie Delvaux SRL", "Energie Vlaanderen NV"):
        campaign = CampaignFactory(customer=CustomerFactory(name=name), name="Winter contract renewal")
        contact = ContactFactory(campaign=campaign, name="Sofie Peeters", email=EMAIL, phone=PHONE)
        call = CallRecordFactory(campaign=campaign, contact=contact)
        audio.append(CallRecordingFactory(call=call).audio.name)
        TranscriptFactory(call=call)
    return audio


def test_admin_walks_a_request_from_intake_through_erasure_to_completion(
    sofie, handler_user, handler_client, dpc_client, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.DEBUG)
    received = timezone.localtime() - dt.timedelta(hours=2)
    response = handler_client.post(
        f"{CHANGELIST}add/",
        {
            "requester_name": "Sofie Peeters",
            "requester_email": "Sofie.Peeters@example.be",
            "requester_phone": "0470 00 00 01",
            "rights": ["erasure"],
            "channel": "email",
            "received_at_0": received.strftime("%Y-%m-%d"),
            "received_at_1": received.strftime("%H:%M:%S"),
            "role": "controller",
            "customer": "",
            "assignee": handler_user.pk,
            "details": "Please delete everything you have about me.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    request = RightsRequest.objects.get()

    # Acknowledgement sent with the due date.
    (acknowledgement,) = mail.outbox
    assert acknowledgement.to == [EMAIL]
    assert f"{request.due_on:%-d %b %Y}" in acknowledgement.body  # one date format: 31 Dec 2026

    # Identity asked: the clock pauses.
    response = handler_client.post(_workflow(request, "ask-identity"), {"information_needed": "A copy of an ID card."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RightsRequest.Status.AWAITING_IDENTITY
    assert "A copy of an ID card." in mail.outbox[-1].body

    # Verified: the clock resumes from the day the answer arrived (entered by staff).
    today = brussels_today().isoformat()
    assert handler_client.post(_workflow(request, "verify-identity"), {"answer_received_on": today}).status_code == 302
    request.refresh_from_db()
    assert request.status == RightsRequest.Status.IN_PROGRESS

    # Data found: the preview shows counts per customer and campaign, then the matches are linked.
    preview = handler_client.get(_workflow(request, "discover")).content.decode()
    assert "Brasserie Delvaux SRL" in preview and "Energie Vlaanderen NV" in preview
    assert "1 contacts, 1 calls, 1 recordings, 1 transcripts" in preview
    assert handler_client.post(_workflow(request, "discover")).status_code == 302
    assert request.matches.count() == 2

    # Each customer's part is forwarded to its privacy contact; each instructs erasure.
    assert post_confirmed(handler_client, _workflow(request, "forward")).status_code == 302
    customers = list(request.forwardings.values_list("customer_id", flat=True))
    for customer in customers:
        instruction = {"customer": customer, "instruction": "erase", "received_on": today}
        assert handler_client.post(_workflow(request, "record-instruction"), instruction).status_code == 302

    # Erasure: the handler sees the preview but cannot approve; the data protection contact can, per part.
    page = handler_client.get(_workflow(request, "erase"))
    assert page.status_code == 200 and b"Only a data protection contact" in page.content
    assert handler_client.post(_workflow(request, "erase"), {"customer": customers[0]}).status_code == 403
    assert Contact.objects.filter(email=EMAIL).count() == 2
    # The data protection contact first sees what each part's erasure deletes; nothing is gone until confirmed.
    confirmation = dpc_client.post(_workflow(request, "erase"), {"customer": customers[0]})
    assert ("contact(s)", 1) in confirmation.context["plan"].deleted
    assert ("transcript(s)", 1) in confirmation.context["plan"].deleted
    assert Contact.objects.filter(email=EMAIL).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        for customer in customers:
            assert post_confirmed(dpc_client, _workflow(request, "erase"), {"customer": customer}).status_code == 302

    # Rows and files are gone.
    assert not Contact.objects.filter(email=EMAIL).exists()
    assert not CallRecord.objects.filter(remote_number=PHONE).exists()
    assert not CallRecording.objects.exists() and not Transcript.objects.exists()
    assert not any(default_storage.exists(name) for name in sofie)

    # CallNex holds nothing of its own about her: its part ends with the "no data held" answer.
    response = post_confirmed(
        handler_client, _workflow(request, "complete"), {"outcome": "no_data", "outcome_text": ""}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RightsRequest.Status.COMPLETED
    assert "holds no personal data about you as controller" in mail.outbox[-1].body
    assert request.reference in mail.outbox[-1].subject

    # The history and the timeline show every step, and whose part it was.
    history = handler_client.get(f"{CHANGELIST}{request.pk}/history/").content.decode()
    for step in ("Created", "Identity requested; clock paused", "Identity verified", "Data searched and linked"):
        assert step in history
    assert "Own part completed" in history
    timeline = handler_client.get(f"{CHANGELIST}{request.pk}/change/").content.decode()
    for message in (
        "Acknowledgement letter sent by email.",
        "Identity information requested; the clock is paused.",
        "Identity request letter sent by email.",
        "Identity verified",
        "CallNex&#x27;s own data (controller): none found.",
        "(Brasserie Delvaux SRL) campaign data (processor): 1 contact, 1 call, 1 recording, 1 transcript",
        "instructed: erase",
        "erased 1 contacts, 1 calls, 1 recordings (audio files deleted) and 1 transcripts.",
        "CallNex (own data): part completed — we hold no data about the person.",
        "No data held letter sent by email.",
    ):
        assert message in timeline

    # Nothing that identifies the subject reached the logs on the way.
    logged = caplog.text.lower()
    assert caplog.records, "the walk-through is expected to log its steps"
    for identifier in ("sofie", "peeters", "example.be", "470000001", "0470 00 00 01"):
        assert identifier not in logged


def test_admin_shows_a_clear_error_when_an_extension_comes_too_late(handler_client):
    request = RightsRequestFactory(received_at=timezone.now() - dt.timedelta(days=45), status="in_progress")
    response = handler_client.post(_workflow(request, "extend"), {"months": "1", "reason": "Complex."})
    assert response.status_code == 200
    assert b"Too late to extend" in response.content
    request.refresh_from_db()
    assert request.extension_months == 0


def test_admin_add_form_rejects_a_requester_without_email_or_phone(handler_client):
    response = handler_client.post(
        f"{CHANGELIST}add/",
        {"requester_name": "X", "rights": ["access"], "channel": "phone", "role": "controller",
         "received_at_0": "2026-01-05", "received_at_1": "10:00:00"},
    )  # fmt: skip
    assert response.status_code == 200
    assert b"email address or phone number" in response.content
    assert not RightsRequest.objects.exists()


def _in_band(days_left: int, **kwargs) -> RightsRequest:
    return RightsRequestFactory(due_on=brussels_today() + dt.timedelta(days=days_left), **kwargs)


def test_changelist_colours_the_days_left_by_urgency(handler_client):
    for days in (12, 7, 2, -3):
        _in_band(days)
    page = handler_client.get(CHANGELIST).content.decode()
    assert 'class="rr-badge rr-green"' in page
    assert 'class="rr-badge rr-amber"' in page
    assert 'class="rr-badge rr-red"' in page
    assert 'class="rr-badge rr-overdue" title="overdue">3 overdue<' in page
    assert "rights_requests/admin.css" in page


@pytest.mark.parametrize(
    ("band", "days"), [("green", 10), ("amber", 9), ("amber", 5), ("red", 4), ("red", 0), ("overdue", -1)]
)
def test_changelist_urgency_filter_shows_only_requests_in_that_band(handler_client, band, days):
    wanted = _in_band(days, reference="RR-WANTED")
    for other_band, other_days in {"green": 15, "amber": 7, "red": 2, "overdue": -5}.items():
        if other_band != band:
            _in_band(other_days)
    _in_band(days, closed_at=timezone.now(), status="withdrawn", reference="RR-CLOSED")
    _in_band(days, status="awaiting_identity", paused_since=timezone.now(), reference="RR-PAUSED")
    response = handler_client.get(CHANGELIST, {"urgency": band})
    assert list(response.context["cl"].result_list) == [wanted]


def test_changelist_my_requests_filter_shows_only_mine(handler_user, dpc_user, handler_client):
    mine = RightsRequestFactory(assignee=handler_user)
    RightsRequestFactory(assignee=dpc_user)
    RightsRequestFactory()
    response = handler_client.get(CHANGELIST, {"mine": "me"})
    assert list(response.context["cl"].result_list) == [mine]


def test_changelist_finds_a_request_by_the_requesters_phone_in_any_spelling(handler_client):
    wanted = RightsRequestFactory(requester_phone="+32470123456")
    RightsRequestFactory()
    response = handler_client.get(CHANGELIST, {"q": "0470 12 34 56"})
    assert list(response.context["cl"].result_list) == [wanted]


def _changelist_queries(client, query: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(CHANGELIST, query).status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", [{}, {"urgency": "red"}, {"right": "erasure", "mine": "me"}])
def test_changelist_runs_the_same_number_of_queries_for_10_and_1000_requests(
    handler_user, dpc_user, handler_client, query
):
    def add(count: int) -> None:
        rows = RightsRequestFactory.build_batch(count)
        for index, row in enumerate(rows):
            row.assignee = (handler_user, dpc_user, None)[index % 3]
            row.rights = [("access", "erasure", "objection")[index % 3]]
            row.due_on = brussels_today() + dt.timedelta(days=index % 20 - 5)
        RightsRequest.objects.bulk_create(rows)

    add(10)
    with_ten = _changelist_queries(handler_client, query)
    add(990)
    assert _changelist_queries(handler_client, query) == with_ten


def test_admin_offers_no_deletion_of_requests(dpc_client):
    request = RightsRequestFactory()
    assert dpc_client.post(f"{CHANGELIST}{request.pk}/delete/", {"post": "yes"}).status_code == 403


def test_change_page_offers_only_the_actions_that_fit_the_state(handler_client):
    request = RightsRequestFactory(rights=["access"])
    page = handler_client.get(f"{CHANGELIST}{request.pk}/change/").content.decode()
    assert _workflow(request, "ask-identity") in page and _workflow(request, "verify-identity") in page
    assert _workflow(request, "erase") not in page and _workflow(request, "complete") not in page


def test_correcting_the_assignee_in_the_change_form_is_recorded_in_the_timeline(handler_user, handler_client):
    request = RightsRequestFactory(requester_phone="+32470123456")
    page = handler_client.get(f"{CHANGELIST}{request.pk}/change/")
    data = {
        "requester_name": request.requester_name,
        "requester_email": request.requester_email,
        "requester_phone": "0470 12 34 56",
        "rights": request.rights,
        "channel": request.channel,
        "role": request.role,
        "customer": "",
        "assignee": handler_user.pk,
        "details": "",
    }
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({management.add_prefix(name): value for name, value in management.initial.items()})
    response = handler_client.post(f"{CHANGELIST}{request.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    request.refresh_from_db()
    assert request.assignee == handler_user
    assert request.events.get().message == "Changed: assignee."  # the phone, respelled, is unchanged


def test_calendar_feed_page_is_linked_from_the_worklist(handler_client):
    assert b"/admin/rights_requests/rightsrequest/calendar-feed/" in handler_client.get(CHANGELIST).content


def test_urgency_filter_is_a_range_on_the_due_date_index(on_postgres):
    if not on_postgres:
        pytest.skip("EXPLAIN assertions need PostgreSQL (set DATABASE_URL=postgres://...)")
    RightsRequestFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = RightsRequest.objects.in_urgency(Urgency.RED, brussels_today()).explain()
    assert "rr_open_due_on_idx" in plan, plan


def test_export_made_in_the_admin_is_offered_for_download_on_the_request(sofie, handler_client):
    AccountUserFactory(email=EMAIL)  # CallNex's own data, exported by CallNex once identity is verified
    request = RightsRequestFactory(
        requester_email=EMAIL,
        requester_phone=PHONE,
        rights=["access"],
        status="in_progress",
        identity_verified_at=timezone.now(),
    )
    assert handler_client.post(_workflow(request, "discover")).status_code == 302
    assert handler_client.post(_workflow(request, "export")).status_code == 302
    page = handler_client.get(f"{CHANGELIST}{request.pk}/change/").content.decode()
    export = request.exports.get()
    assert f"/rights-requests/exports/{export.pk}/download/" in page and "Download ZIP" in page
