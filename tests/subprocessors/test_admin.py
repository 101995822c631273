"""The admin: lifecycle actions with the services' messages, warnings, proof and objections inline."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from subprocessors import services
from subprocessors.models import NoticeDelivery, Objection, Subprocessor
from tests.factories.subprocessors import SubprocessorFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/subprocessors/subprocessor/"


def _action(client, action: str, *objects):
    """Choose the action on the list; confirm its confirmation page unless it says the step is not possible."""
    data = {"action": action, "_selected_action": [obj.pk for obj in objects]}
    response = client.post(CHANGELIST, data)
    if response.status_code == 200 and response.context and response.context.get("token"):
        if response.context.get("blocked"):
            return response
        return client.post(CHANGELIST, {**data, "confirm": response.context["token"]}, follow=True)
    return client.get(response.url) if response.status_code == 302 else response


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def _said(response) -> str:
    """Return what the user reads: the messages and, on a confirmation page, the reason a step is blocked."""
    return _messages(response) + " " + (response.context.get("blocked") or "")


def test_announce_action_shows_the_notice_rule_when_the_date_is_too_soon(dpc_client):
    subprocessor = SubprocessorFactory(effective_from=timezone.localdate() + dt.timedelta(days=10))
    response = _action(dpc_client, "announce", subprocessor)
    assert "at least 30 days before use" in _said(response)
    subprocessor.refresh_from_db()
    assert subprocessor.status == Subprocessor.Status.PROPOSED


def test_announce_action_announces_when_the_date_respects_the_notice(dpc_client):
    subprocessor = SubprocessorFactory(effective_from=timezone.localdate() + dt.timedelta(days=45))
    response = _action(dpc_client, "announce", subprocessor)
    assert "1 announced" in _messages(response)
    subprocessor.refresh_from_db()
    assert subprocessor.status == Subprocessor.Status.ANNOUNCED


def test_activate_action_is_rejected_with_a_clear_message_before_the_effective_date(dpc_client):
    subprocessor = SubprocessorFactory()
    services.subprocessor_announce(subprocessor=subprocessor, effective_from=timezone.localdate() + dt.timedelta(40))
    response = _action(dpc_client, "activate", subprocessor)
    assert "cannot be used before" in _said(response)
    subprocessor.refresh_from_db()
    assert subprocessor.status == Subprocessor.Status.ANNOUNCED


def test_changelist_warns_when_an_active_subprocessor_lacks_dpa_or_safeguard(dpc_client):
    SubprocessorFactory(active=True, public_name="NoDpa", dpa_signed_on=None)
    SubprocessorFactory(active=True, public_name="Fine")
    response = dpc_client.get(CHANGELIST)
    assert response.status_code == 200
    assert "missing a DPA or a transfer safeguard: NoDpa." in _messages(response)
    assert "no signed DPA" in response.content.decode()


def test_changelist_runs_the_same_queries_for_3_and_30_subprocessors(dpc_client):
    counts = []
    for added in (3, 27):
        for _ in range(added):
            SubprocessorFactory(active=True)
        with CaptureQueriesContext(connection) as queries:
            assert dpc_client.get(CHANGELIST).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_change_page_shows_deliveries_and_objections_inline(dpc_client, django_capture_on_commit_callbacks):
    subscription = SubscriptionFactory(email="dpo@brasserie.example")
    subprocessor = SubprocessorFactory()
    change = services.subprocessor_announce(
        subprocessor=subprocessor, effective_from=timezone.localdate() + dt.timedelta(40)
    )
    services.notices_send(change_id=change.pk)
    Objection.objects.create(change=change, subscription=subscription, organisation="Brasserie", reason="Too far.")
    page = dpc_client.get(f"/admin/subprocessors/subprocessorchange/{change.pk}/change/").content.decode()
    assert NoticeDelivery.objects.get().status == NoticeDelivery.Status.SENT
    assert "dpo@brasserie.example" in page and "Too far." in page and "Brasserie" in page


def test_auditor_can_read_the_register_but_not_announce(auditor_client):
    subprocessor = SubprocessorFactory(effective_from=timezone.localdate() + dt.timedelta(days=45))
    assert auditor_client.get(CHANGELIST).status_code == 200
    _action(auditor_client, "announce", subprocessor)
    subprocessor.refresh_from_db()
    assert subprocessor.status == Subprocessor.Status.PROPOSED


def test_change_form_does_not_let_locations_of_an_active_subprocessor_be_edited(dpc_client):
    subprocessor = SubprocessorFactory(active=True)
    page = dpc_client.get(f"{CHANGELIST}{subprocessor.pk}/change/").content.decode()
    assert 'name="locations"' not in page and 'name="public_name"' in page


def _location_change(client, subprocessor, **data):
    payload = {"action": "announce_location_change", "_selected_action": [subprocessor.pk], "apply": "1", **data}
    return client.post(CHANGELIST, payload, follow=True)


def test_location_change_action_announces_new_locations_when_notice_is_respected(dpc_client):
    subprocessor = SubprocessorFactory(active=True)
    effective = timezone.localdate() + dt.timedelta(days=45)
    response = _location_change(dpc_client, subprocessor, locations=["DE", "FI"], effective_from=effective.isoformat())
    assert "Location change of" in _messages(response)
    change = subprocessor.changes.get()
    assert [c.code for c in change.new_locations] == ["DE", "FI"] and change.effective_from == effective


def test_location_change_action_shows_the_refusal_when_a_new_country_lacks_a_safeguard(dpc_client):
    subprocessor = SubprocessorFactory(active=True)
    effective = (timezone.localdate() + dt.timedelta(days=45)).isoformat()
    response = _location_change(dpc_client, subprocessor, locations=["US"], effective_from=effective)
    assert response.status_code == 200 and "need a transfer safeguard" in response.content.decode()
    assert not subprocessor.changes.exists()


def test_location_change_action_asks_for_the_new_locations_when_first_chosen(dpc_client):
    subprocessor = SubprocessorFactory(active=True)
    data = {"action": "announce_location_change", "_selected_action": [subprocessor.pk]}
    page = dpc_client.post(CHANGELIST, data).content.decode()
    assert "Announce a location change" in page and 'name="effective_from"' in page
    assert not subprocessor.changes.exists()


def test_locations_are_picked_in_a_searchable_box_not_a_native_list_of_countries(dpc_client):
    html = dpc_client.get("/admin/subprocessors/subprocessor/add/").content.decode()
    assert 'class="searchable-select"' in html and "select2.full.js" in html and "js/searchable_select.js" in html
