"""Who may do what with the breach register, through the admin and the staff API."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from breaches.models import Incident, IncidentEvent
from callnex_compliance import roles
from tests.factories import CampaignFactory
from tests.factories.breaches import incident as make_incident

API = "/api/breaches/"
ASSESS = {"likelihood": "likely", "severity": "high", "outcome": "risk", "reasons": "Identifiable contact data."}


@pytest.fixture
def incident(db):
    return make_incident(affects_own_data=True, data_categories=["call_records", "customer_accounts"])


def _admin_action(incident, slug):
    return f"/admin/breaches/incident/{incident.pk}/workflow/{slug}/"


@pytest.mark.parametrize("client_fixture", ["dpc_client", "handler_client", "auditor_client"])
def test_every_staff_role_reads_the_register(request, client_fixture, incident):
    client = request.getfixturevalue(client_fixture)
    assert client.get(API).json()["results"][0]["reference"] == incident.reference
    assert client.get(f"/admin/breaches/incident/{incident.pk}/change/").status_code == 200
    assert client.get("/admin/breaches/incident/register.csv").status_code == 200


def test_handler_adds_notes_but_cannot_assess_notify_or_change(handler_client, incident):
    response = handler_client.post(f"{API}{incident.pk}/notes/", {"message": "Called the hosting provider."})
    assert response.status_code == 200
    assert handler_client.post(_admin_action(incident, "note"), {"message": "Second note."}).status_code == 302
    assert incident.events.filter(kind=IncidentEvent.Kind.NOTE).count() == 2
    assert handler_client.post(f"{API}{incident.pk}/assess/", ASSESS).status_code == 403
    assert handler_client.post(_admin_action(incident, "assess"), ASSESS).status_code == 403
    assert handler_client.post(f"{API}{incident.pk}/notify-customers/", {}).status_code == 403
    assert handler_client.post(f"{API}{incident.pk}/close/", {}).status_code == 403
    assert handler_client.post(API, {"title": "x", "description": "y", "aware_at": timezone.now()}).status_code == 403
    incident.refresh_from_db()
    assert incident.state == Incident.State.OPEN and incident.risk_outcome == ""


def test_auditor_only_views(auditor_client, incident):
    assert auditor_client.post(f"{API}{incident.pk}/notes/", {"message": "x"}).status_code == 403
    assert auditor_client.post(_admin_action(incident, "note"), {"message": "x"}).status_code == 403
    assert auditor_client.post(f"{API}{incident.pk}/assess/", ASSESS).status_code == 403
    assert not incident.events.filter(kind=IncidentEvent.Kind.NOTE).exists()


def test_dpc_logs_scopes_assesses_and_notifies_through_the_api(dpc_client, db):
    campaign = CampaignFactory()
    aware_at = (timezone.now() - dt.timedelta(hours=3)).isoformat()
    created = dpc_client.post(
        API,
        {"title": "Mailbox compromised", "description": "Phishing.", "aware_at": aware_at, "affects_own_data": True,
         "data_categories": ["call_records", "customer_accounts"]},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    scoped = dpc_client.post(f"{API}{pk}/scope/", {"campaigns": [campaign.pk]}, content_type="application/json")
    assert scoped.status_code == 200 and scoped.json()["people_in_scope"] == 0
    assert dpc_client.post(f"{API}{pk}/assess/", ASSESS).json()["state"] == "assessed"
    assert dpc_client.post(f"{API}{pk}/notify-customers/", {}).json()["customer_notices"][0]["outcome"] == "sent"
    late = dpc_client.post(
        f"{API}{pk}/authority-notifications/",
        {"phase": "follow_up", "language": "nl", "submitted_at": timezone.now().isoformat()},
    )
    assert late.status_code == 400 and "initial" in str(late.json())
    body = dpc_client.post(
        f"{API}{pk}/authority-notifications/",
        {"phase": "initial", "language": "fr", "submitted_at": timezone.now().isoformat()},
    ).json()
    assert body["authority_notifications"][0]["content"].startswith("Notification d'une violation")


def test_dpc_holds_the_decisions_and_the_handler_does_not(role_groups):
    dpc = Group.objects.get(name=roles.DATA_PROTECTION_CONTACT)
    handler = Group.objects.get(name=roles.REQUEST_HANDLER)
    auditor = Group.objects.get(name=roles.AUDITOR)
    reserved = {"assess_incident", "notify_incident"}
    assert reserved <= set(dpc.permissions.values_list("codename", flat=True))
    assert not handler.permissions.filter(codename__in=reserved).exists()
    assert set(handler.permissions.filter(content_type__app_label="breaches").exclude(
        codename__startswith="view_").values_list("codename", flat=True)) == {"add_incidentevent"}  # fmt: skip
    auditor_codes = auditor.permissions.filter(content_type__app_label="breaches").values_list("codename", flat=True)
    assert auditor_codes and all(code.startswith("view_") for code in auditor_codes)
