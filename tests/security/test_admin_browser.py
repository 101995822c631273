"""The data protection contact signs in with a TOTP code in a real Chromium (Debian package 'chromium')."""

import datetime as dt
import os
import re
import time
from pathlib import Path

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.rights_requests import RightsRequestFactory

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct-horse-battery-staple"  # StaffUserFactory's

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"No browser at {CHROMIUM}: install the Debian package 'chromium' (apt-get install -y chromium).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls there unless told.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server, settings):
    settings.ADMIN_MFA_REQUIRED = True
    # Cookies stay Secure as in production: Chromium treats http://localhost as a secure context.
    context = browser.new_context()
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    context.close()


def _current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def _sign_in_with_totp(page, live_server, user) -> None:
    """Sign in through the admin login page as a person would: password first, then device and code."""
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page.goto(f"{live_server.url}/admin/")
    assert page.url.startswith(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # The password is right: django-otp now offers the user's devices and asks for the code.
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("OTP Device").select_option(label="phone")
    page.get_by_label("OTP Token").fill(_current_code(device))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")


def _requests_card(page):
    return page.locator("#dashboard article").filter(has=page.get_by_role("heading", name="Rights requests"))


def test_data_protection_contact_opens_an_overdue_request_from_the_dashboard_when_signed_in_with_totp(
    page, live_server, dpc_user
):
    overdue = RightsRequestFactory(received_at=timezone.now() - dt.timedelta(days=40))
    _sign_in_with_totp(page, live_server, dpc_user)
    _requests_card(page).get_by_role("link", name="1 Overdue").click()
    page.wait_for_url(re.compile(r"/admin/rights_requests/rightsrequest/\?urgency=overdue$"))
    page.locator("#result_list").get_by_role("link", name=overdue.reference).click()
    page.wait_for_url(re.compile(rf"/admin/rights_requests/rightsrequest/{overdue.pk}/change/"))
    assert page.get_by_text(overdue.reference).first.is_visible()


def test_admin_index_shows_the_dashboard_without_console_errors_when_signed_in_with_totp(page, live_server, dpc_user):
    RightsRequestFactory(received_at=timezone.now() - dt.timedelta(days=40))
    _sign_in_with_totp(page, live_server, dpc_user)
    page.console_errors.clear()  # what the login page logged is not the index's
    page.reload()
    assert _requests_card(page).is_visible()
    assert page.console_errors == []
