"""The demo requests cover every state and urgency band, and loading them twice creates nothing new."""

from django.core import mail

from callnex_compliance.platform_data import demo as platform_demo
from rights_requests import demo
from rights_requests.models import RightsRequest


def test_demo_requests_load_once_and_send_no_email(db):
    platform_demo.load()
    first = demo.load()
    assert first == {"rights requests": 11}
    assert demo.load() == {"rights requests": 0}
    assert RightsRequest.objects.count() == 11
    assert mail.outbox == []


def test_demo_covers_every_urgency_band_and_closed_states(db):
    platform_demo.load()
    demo.load()
    requests = list(RightsRequest.objects.all())
    bands = {str(r.urgency()) for r in requests if r.urgency()}
    assert bands == {"green", "amber", "red", "overdue"}
    statuses = {r.status for r in requests}
    assert {"awaiting_identity", "in_progress", "completed", "refused", "forwarded", "received"} <= statuses


def test_demo_request_about_sofie_peeters_finds_her_data_at_two_customers_and_her_account(db):
    platform_demo.load()
    demo.load()
    request = RightsRequest.objects.get(requester_email="sofie.peeters@example.be")
    assert request.matches.values("customer").distinct().count() == 2
    assert request.forwardings.filter(forwarded_at__isnull=False).count() == 2
    assert request.own_data["account_users"]  # mixed: CallNex's own data and two customers' parts
    assert request.forwardings.exclude(instruction="").count() == 1


def test_demo_has_a_request_of_each_shape(db):
    platform_demo.load()
    demo.load()
    controller_only = RightsRequest.objects.get(requester_email="marie.dupont@example.be")
    assert controller_only.has_own_data and not controller_only.forwardings.exists()
    assert controller_only.status == "completed"
    processor_only = RightsRequest.objects.get(requester_email="an.vermeulen@example.be")
    assert not processor_only.has_own_part and processor_only.forwardings.exists()
    no_data = RightsRequest.objects.get(requester_email="jan.smets@example.be")
    assert no_data.own_outcome == "no_data" and no_data.letters.filter(kind="no_data").exists()


def test_every_demo_request_and_its_offered_actions_render_in_the_admin(db, dpc_client):
    platform_demo.load()
    demo.load()
    for request in RightsRequest.objects.all():
        page = dpc_client.get(f"/admin/rights_requests/rightsrequest/{request.pk}/change/")
        assert page.status_code == 200
        buttons = [button for group in page.context["workflow_toolbar"] for button in group["buttons"]]
        for url in [button["url"] for button in buttons]:
            assert dpc_client.get(url).status_code == 200, url
    assert dpc_client.get("/admin/rights_requests/rightsrequest/").status_code == 200
