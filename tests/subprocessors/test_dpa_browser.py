"""A customer requests a countersigned DPA in a real Chromium; the DPC generates it in admin and downloads the PDF."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser import launched_chromium, page_recording_errors
from tests.factories.platform_data import CustomerFactory
from tests.factories.subprocessors import SubprocessorFactory
from tests.factories.users import STAFF_PASSWORD, current_totp_code

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    yield from launched_chromium()


@pytest.fixture
def page(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    settings.ADMIN_MFA_REQUIRED = True
    with page_recording_errors(browser) as page:
        yield page


def _sign_in(page, live_server, user) -> None:
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_label("OTP Device").select_option(label="phone")
    page.get_by_label("OTP Token").fill(current_totp_code(device))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")


def test_customer_requests_a_dpa_and_the_dpc_generates_and_downloads_its_pdf(page, live_server, dpc_user, tmp_path):
    customer = CustomerFactory(name="Brasserie Dupont SRL")
    SubprocessorFactory(active=True, public_name="Hetzner")
    SubprocessorFactory(public_name="Scaleway", status="announced", announced_at=timezone.now(),
                        effective_from=timezone.localdate() + dt.timedelta(days=31))  # fmt: skip
    page.goto(f"{live_server.url}/dpa/request/")
    page.get_by_label("Company").fill(customer.name)
    page.get_by_label("Your name").fill("Claire Dupont")
    page.get_by_label("Email address").fill("claire@brasserie.example")
    page.get_by_role("button", name="Request the DPA").click()
    assert page.get_by_role("heading", name="Check your email").is_visible()
    confirm_url = re.search(r"(http://\S+/dpa/request/confirm/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(confirm_url)
    page.get_by_role("button", name="Confirm my request").click()
    assert page.get_by_role("heading", name="Thank you: your request is confirmed").is_visible()

    _sign_in(page, live_server, dpc_user)
    page.goto(f"{live_server.url}/admin/subprocessors/dparequest/")
    page.get_by_role("link", name=re.compile(r"DPA request #\d+")).click()
    # The customer is picked in the searchable (autocomplete) picker: type part of the name, choose it.
    page.locator("#id_customer + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill(customer.name[:6])
    page.locator(".select2-results__option", has_text=customer.name).click()
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option("generate")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("1 generated")).to_be_visible()  # waits for the page the action answers with
    page.get_by_role("link", name=re.compile(r"DPA request #\d+")).click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the DPA (PDF)").click()
    path = tmp_path / "dpa.pdf"
    download_info.value.save_as(path)
    text = "\n".join(p.extract_text() for p in PdfReader(path).pages)
    for expected in ("Annex I", "Annex II", "Annex III", "Hetzner", "Scaleway", customer.name):
        assert expected in text
