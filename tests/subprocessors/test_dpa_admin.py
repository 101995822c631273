"""Admin and dashboard of the customer side: DPAs, failing customer notices, objections resolved by action."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from subprocessors import services
from subprocessors.models import CustomerDPA, CustomerExclusion, NoticeDelivery, Objection
from tests.factories.platform_data import CampaignFactory, CustomerFactory
from tests.factories.subprocessors import SubprocessorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SITE_URL = "http://testserver"


def _section(response, title):
    return next(section for section in response.context["dashboard"] if section.title == title)


def _announced_change(now=None):
    now = now or timezone.now()
    subprocessor = SubprocessorFactory(public_name="Speechly")
    change = services.subprocessor_announce(
        subprocessor=subprocessor, effective_from=timezone.localdate(now) + dt.timedelta(days=32), now=now
    )
    services.notices_send(change_id=change.pk, now=now)
    return change


def test_dashboard_shows_customers_without_dpa_and_failing_customer_notices(dpc_client):
    CampaignFactory(customer=CustomerFactory(name="Bakkerij Peeters"))
    silent = CustomerFactory(name="No Contact NV", contact_email="")
    _announced_change()
    section = _section(dpc_client.get("/admin/"), "Customer DPAs and notices")
    figures = {figure.label: figure.value for figure in section.figures}
    assert figures["Customers with data and no DPA"] == 1
    assert figures["Customer notices failing"] == 1
    assert section.rows[0][0] == f"Notice not delivered: {silent.name}" and "NoPrivacyContact" in section.rows[0][1]
    assert section.tone == "alert"


def test_dashboard_shows_a_subprocessor_kept_from_a_customer(dpc_client):
    customer = CustomerFactory(name="Objecting BV")
    change = _announced_change(now=timezone.now() - dt.timedelta(days=40))
    services.customer_objection_record(change=change, customer=customer, reason="No.")
    services.subprocessor_activate(subprocessor=change.subprocessor)
    section = _section(dpc_client.get("/admin/"), "Customer DPAs and notices")
    assert section.rows[0][:2] == ("Speechly kept from Objecting BV", "Objection still open")


def test_resolve_action_records_the_outcome_and_tells_the_customer(dpc_client, django_capture_on_commit_callbacks):
    customer = CustomerFactory()
    change = _announced_change()
    objection = services.customer_objection_record(change=change, customer=customer, reason="No.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = dpc_client.post(
            "/admin/subprocessors/objection/",
            {"action": "resolve_kept_out", "_selected_action": [objection.pk]},
            follow=True,
        )
    assert response.status_code == 200
    objection.refresh_from_db()
    assert objection.outcome == Objection.Outcome.KEPT_OUT and objection.customer_told_at
    assert CustomerExclusion.objects.get().reason == CustomerExclusion.Reason.KEPT_OUT
    assert mail.outbox[-1].to == [customer.contact_email]


def test_auditor_cannot_resolve_an_objection(auditor_client):
    change = _announced_change()
    objection = services.customer_objection_record(change=change, customer=CustomerFactory(), reason="No.")
    auditor_client.post(
        "/admin/subprocessors/objection/", {"action": "resolve_withdrawn", "_selected_action": [objection.pk]}
    )
    objection.refresh_from_db()
    assert objection.status == Objection.Status.OPEN


def test_dpa_added_in_admin_takes_the_privacy_contact_and_the_snapshot(dpc_client):
    customer = CustomerFactory()
    SubprocessorFactory(active=True, public_name="Hetzner")
    response = dpc_client.post(
        "/admin/subprocessors/customerdpa/add/",
        {
            "customer": customer.pk,
            "template_version": "2026.1",
            "conclusion": "terms",
            "effective_from": "2026-01-01",
            "privacy_contact": "",
            "customer_country": "BE",
            "end_of_contract": "return_then_delete",
            "end_of_contract_days": "30",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    dpa = CustomerDPA.objects.get()
    assert dpa.privacy_contact == customer.contact_email
    assert [row["public_name"] for row in dpa.subprocessor_snapshot] == ["Hetzner"]


def test_notice_delivery_admin_lists_customer_recipients(dpc_client):
    customer = CustomerFactory()
    _announced_change()
    delivery = NoticeDelivery.objects.get(customer=customer)
    page = dpc_client.get(f"/admin/subprocessors/noticedelivery/{delivery.pk}/change/")
    assert page.status_code == 200 and delivery.message_id in page.content.decode().replace("&lt;", "<").replace(
        "&gt;", ">"
    )
