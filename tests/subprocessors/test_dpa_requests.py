"""Requests for a countersigned DPA: public form with double opt-in, admin queue, generated PDF with annexes."""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from legal_basis.models import ProcessingActivity, SecurityMeasure
from subprocessors import services
from subprocessors.dpa_services import dpa_request_generate
from subprocessors.models import DpaRequest
from tests.factories.legal_basis import approved_activity
from tests.factories.platform_data import CustomerFactory
from tests.factories.subprocessors import SubprocessorFactory

pytestmark = pytest.mark.django_db
FORM = {
    "company": "Bakkerij Peeters BV",
    "requester_name": "An Peeters",
    "requester_title": "CEO",
    "email": "an@peeters.example",
}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _request_and_confirm(client) -> DpaRequest:
    response = client.post("/dpa/request/", FORM)
    assert response.status_code == 200 and b"Check your email" in response.content
    link = re.search(r"http://testserver(/en/dpa/request/confirm/\S+/)", mail.outbox[-1].body).group(1)
    assert b"Confirm my request" in client.get(link).content  # a GET (mail scanner) confirms nothing
    assert DpaRequest.objects.get().status == DpaRequest.Status.UNCONFIRMED
    assert b"your request is confirmed" in client.post(link).content
    return DpaRequest.objects.get()


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_customer_requests_confirms_and_dpc_generates_and_downloads_the_pdf(client, dpc_client):
    customer = CustomerFactory(name="Bakkerij Peeters BV")
    SubprocessorFactory(active=True, public_name="Hetzner")
    SubprocessorFactory(public_name="Scaleway", status="announced", announced_at=timezone.now(),
                        effective_from=timezone.localdate() + dt.timedelta(days=31))  # fmt: skip
    SubprocessorFactory(public_name="Proposed Only")
    approved_activity(name="Outbound call campaigns", role=ProcessingActivity.Role.PROCESSOR, all_customers=True)
    SecurityMeasure.objects.get_or_create(name="Encryption at rest")
    dpa_request = _request_and_confirm(client)
    assert dpa_request.confirmed_at
    change_url = f"/admin/subprocessors/dparequest/{dpa_request.pk}/change/"
    page = dpc_client.get(change_url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields} | {"customer": customer.pk}
    assert dpc_client.post(change_url, data).status_code == 302
    response = dpc_client.post(
        "/admin/subprocessors/dparequest/", {"action": "generate", "_selected_action": [dpa_request.pk]}, follow=True
    )
    assert "1 generated" in " ".join(str(m) for m in response.context["messages"])
    link = re.search(r'href="(/staff/dpas/requests/\d+/document/)"', dpc_client.get(change_url).content.decode())
    download = dpc_client.get(link.group(1))
    assert download["Content-Disposition"].startswith("attachment") and download["Cache-Control"] == "private, no-store"
    text = _pdf_text(b"".join(download.streaming_content))
    for heading in ("Annex I", "Annex II", "Annex III", "Outbound call campaigns", "Encryption at rest"):
        assert heading in text
    assert "Hetzner" in text and "Scaleway" in text and "Proposed Only" not in text
    assert customer.name in text


def test_annex_three_lists_exactly_the_active_and_announced_subprocessors_at_generation(client):
    customer = CustomerFactory()
    active = SubprocessorFactory(active=True, public_name="Hetzner")
    dpa_request = _request_and_confirm(client)
    dpa_request.customer = customer
    dpa_request.save()
    SubprocessorFactory(public_name="Later", active=True)
    services.subprocessor_retire(subprocessor=active)
    generated = dpa_request_generate(dpa_request=dpa_request)
    names = [row["public_name"] for row in generated.dpa.subprocessor_snapshot]
    assert names == ["Later"]
    text = _pdf_text(generated.document.read())
    assert "Later" in text and "Hetzner" not in text


def test_generation_is_refused_until_the_customer_is_linked(client):
    dpa_request = _request_and_confirm(client)
    with pytest.raises(Exception, match="Link the request to its customer first"):
        dpa_request_generate(dpa_request=dpa_request)


def test_generated_document_is_refused_to_staff_without_permission(client, db, django_user_model):
    dpa_request = _request_and_confirm(client)
    staff = django_user_model.objects.create_user("plain", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(f"/staff/dpas/requests/{dpa_request.pk}/document/").status_code == 403


def test_request_form_is_throttled_and_rejects_a_bad_address(client, settings):
    assert client.post("/dpa/request/", FORM | {"email": "not-an-address"}).status_code == 400
    for _ in range(10):
        client.post("/dpa/request/", FORM)
    response = client.post("/dpa/request/", FORM)
    assert response.status_code == 429 and b"Too many requests" in response.content


def test_unconfirmed_requests_are_purged_after_seven_days(client):
    client.post("/dpa/request/", FORM)
    later = timezone.now() + dt.timedelta(days=8)
    assert services.subscriptions_purge_unconfirmed(created_before=later - dt.timedelta(days=7), dry_run=True) == 1
    assert services.subscriptions_purge_unconfirmed(created_before=later - dt.timedelta(days=7)) == 1
    assert not DpaRequest.objects.exists()


def test_confirmed_requests_are_purged_by_the_nightly_purge_when_their_period_has_run(client):
    from retention.models import DataCategory
    from retention.services import purge_run

    confirmed = _request_and_confirm(client)
    DpaRequest.objects.filter(pk=confirmed.pk).update(created_at=timezone.now() - dt.timedelta(days=370))
    recent = _request_and_confirm_second(client)
    run = purge_run(category=DataCategory.DPA_REQUESTS)
    assert list(DpaRequest.objects.values_list("pk", flat=True)) == [recent.pk]
    assert run.results.get(category=DataCategory.DPA_REQUESTS).deleted == 1


def _request_and_confirm_second(client) -> DpaRequest:
    client.post("/dpa/request/", {**FORM, "email": "second@peeters.example"})
    link = re.search(r"http://testserver(/en/dpa/request/confirm/\S+/)", mail.outbox[-1].body).group(1)
    client.post(link)
    return DpaRequest.objects.get(email="second@peeters.example")


def test_confirming_alerts_the_data_protection_contact(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dpa_request = _request_and_confirm(client)
    assert mail.outbox[-1].to == ["support@callnex.nl"]
    assert f"/admin/subprocessors/dparequest/{dpa_request.pk}/change/" in mail.outbox[-1].body
