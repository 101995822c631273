"""The data protection contact signs in with a TOTP code in a real Chromium (Debian package 'chromium')."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser import launched_chromium, page_recording_errors
from tests.factories.rights_requests import RightsRequestFactory
from tests.factories.users import STAFF_PASSWORD, current_totp_code

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    yield from launched_chromium()


@pytest.fixture
def page(browser, live_server, settings):
    settings.ADMIN_MFA_REQUIRED = True
    # Cookies stay Secure as in production: Chromium treats http://localhost as a secure context.
    with page_recording_errors(browser) as page:
        yield page


def _sign_in_with_totp(page, live_server, user) -> None:
    """Sign in through the admin login page as a person would: password first, then device and code."""
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page.goto(f"{live_server.url}/admin/")
    assert page.url.startswith(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # The password is right: django-otp now offers the user's devices and asks for the code.
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_label("OTP Device").select_option(label="phone")
    page.get_by_label("OTP Token").fill(current_totp_code(device))
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
