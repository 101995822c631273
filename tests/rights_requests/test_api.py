"""The staff API: list with filters (urgency included), retrieve, intake and workflow actions."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from rights_requests.models import RightsRequest
from rights_requests.selectors import brussels_today
from tests.factories.platform_data import AccountUserFactory, ContactFactory
from tests.factories.rights_requests import RightsRequestFactory, request_via_intake

URL = "/api/rights-requests/"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _due_in(days: int, **kwargs) -> RightsRequest:
    return RightsRequestFactory(due_on=brussels_today() + dt.timedelta(days=days), **kwargs)


def test_list_filters_by_urgency_band(handler_user):
    red = _due_in(2)
    _due_in(12)
    _due_in(-1)
    response = _api(handler_user).get(URL, {"urgency": "red"})
    assert response.status_code == 200
    assert [row["reference"] for row in response.json()["results"]] == [red.reference]
    assert response.json()["results"][0]["urgency"] == "red"


def test_list_filters_by_right_and_status(handler_user):
    wanted = RightsRequestFactory(rights=["erasure", "objection"], status="in_progress")
    RightsRequestFactory(rights=["access"], status="in_progress")
    RightsRequestFactory(rights=["erasure"], status="received")
    response = _api(handler_user).get(URL, {"right": "erasure", "status": "in_progress"})
    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]


def test_list_filters_my_requests(handler_user, dpc_user):
    mine = RightsRequestFactory(assignee=handler_user)
    RightsRequestFactory(assignee=dpc_user)
    response = _api(handler_user).get(URL, {"mine": "true"})
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]


def test_retrieve_shows_the_deadlines(handler_user):
    request = RightsRequestFactory()
    body = _api(handler_user).get(f"{URL}{request.pk}/").json()
    assert body["due_on"] == request.due_on.isoformat()
    assert body["legal_deadline"] == request.legal_deadline.isoformat()
    assert body["sla_deadline"] == request.sla_deadline.isoformat()


def test_intake_through_the_api_allocates_a_reference_and_acknowledges(handler_user):
    response = _api(handler_user).post(
        URL,
        {
            "requester_name": "Jan Janssens",
            "requester_email": "jan@example.be",
            "rights": ["access"],
            "channel": "web_form",
            "received_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["reference"].startswith("RR-")
    assert len(mail.outbox) == 1


def test_workflow_action_answers_400_with_the_message_when_the_transition_is_invalid(handler_user):
    request = request_via_intake()
    response = _api(handler_user).post(f"{URL}{request.pk}/complete/", {}, format="json")
    assert response.status_code == 400
    assert "Cannot complete a request that is received" in str(response.json())


def test_identity_actions_pause_and_resume_the_clock(handler_user):
    request = request_via_intake()
    client = _api(handler_user)
    body = client.post(f"{URL}{request.pk}/ask-identity/", {"information_needed": "ID"}, format="json").json()
    assert body["status"] == "awaiting_identity" and body["urgency"] is None
    # The pause ends on the day the answer was received, which staff must enter.
    response = client.post(f"{URL}{request.pk}/verify-identity/", {}, format="json")
    assert response.status_code == 400 and "answer was received" in str(response.json())
    today = brussels_today().isoformat()
    body = client.post(f"{URL}{request.pk}/verify-identity/", {"answer_received_on": today}, format="json").json()
    assert body["status"] == "in_progress" and body["urgency"] is not None


def test_approve_erasure_is_forbidden_to_a_request_handler_and_allowed_to_the_dpc(handler_user, dpc_user):
    contact = ContactFactory(email="sofie.peeters@example.be")
    customer = contact.campaign.customer.pk
    request = request_via_intake(rights=["erasure"])
    handler = _api(handler_user)
    handler.post(f"{URL}{request.pk}/verify-identity/")
    handler.post(f"{URL}{request.pk}/find-data/")
    handler.post(f"{URL}{request.pk}/forward/", {"customer": customer}, format="json")
    instruction = {"customer": customer, "instruction": "erase", "received_on": brussels_today().isoformat()}
    assert handler.post(f"{URL}{request.pk}/record-instruction/", instruction, format="json").status_code == 200
    assert handler.post(f"{URL}{request.pk}/approve-erasure/", {"customer": customer}, format="json").status_code == 403
    response = _api(dpc_user).post(f"{URL}{request.pk}/approve-erasure/", {"customer": customer}, format="json")
    assert response.status_code == 200 and response.json()["contacts"] == 1


def test_auditor_can_read_but_not_act(auditor_user):
    request = request_via_intake()
    client = _api(auditor_user)
    assert client.get(f"{URL}{request.pk}/").status_code == 200
    assert client.post(f"{URL}{request.pk}/verify-identity/").status_code == 403


def test_export_action_returns_a_download_link(handler_user):
    AccountUserFactory(email="sofie.peeters@example.be")  # CallNex's own data
    request = request_via_intake()
    client = _api(handler_user)
    client.post(f"{URL}{request.pk}/verify-identity/")
    client.post(f"{URL}{request.pk}/find-data/")
    response = client.post(f"{URL}{request.pk}/export/")
    assert response.status_code == 201
    assert response.json()["download_url"].endswith(f"/rights-requests/exports/{response.json()['id']}/download/")


@pytest.mark.parametrize("path", ["/api/rights-requests/", "/api/rights-requests/{id}/approve-erasure/"])
def test_schema_documents_the_endpoints(client, dpc_user, path):
    client.force_login(dpc_user)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert path in schema["paths"]
    if path == "/api/rights-requests/":
        names = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert {"urgency", "right", "status", "assignee", "role", "mine"} <= names


def test_refuse_action_needs_a_listed_reason_and_closes_the_request(handler_user):
    request = request_via_intake()
    client = _api(handler_user)
    bad = client.post(f"{URL}{request.pk}/refuse/", {"refusal_reason": "bored", "text": "No."}, format="json")
    assert bad.status_code == 400 and "refusal_reason" in bad.json()
    body = client.post(
        f"{URL}{request.pk}/refuse/", {"refusal_reason": "excessive", "text": "Twelfth identical request."}
    ).json()
    assert body["status"] == "refused" and body["closed_at"]
    assert "right to lodge a complaint" in mail.outbox[-1].body
