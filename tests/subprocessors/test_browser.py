"""The public page and the subscribe flow in a real Chromium (Debian package 'chromium')."""

import re

import pytest
from django.core import mail

from subprocessors import demo
from tests.browser import launched_chromium, page_recording_errors

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    yield from launched_chromium()


@pytest.fixture
def page(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    settings.CSRF_COOKIE_SECURE = False  # the live server speaks plain HTTP
    with page_recording_errors(browser) as page:
        yield page


def test_public_page_renders_without_console_errors_when_demo_data_is_loaded(page, live_server):
    demo.load()
    response = page.goto(f"{live_server.url}/subprocessors/")
    assert response.status == 200
    assert page.get_by_role("heading", name="Current sub-processors").is_visible()
    assert page.get_by_text("Hetzner Online GmbH", exact=True).is_visible()
    assert page.get_by_text("in 20 days").is_visible()
    assert page.console_errors == []


def test_subscribe_flow_confirms_the_address_when_done_in_the_browser(page, live_server):
    page.goto(f"{live_server.url}/subprocessors/")
    page.get_by_role("link", name="Get an email when this list changes").click()
    page.get_by_label("Email address").fill("not an address")
    page.get_by_role("button", name="Subscribe").click()
    assert page.get_by_text("Enter a valid email address").is_visible()
    # The form answers bad input with 400, which Chromium reports as a failed resource; nothing else.
    assert [e for e in page.console_errors if "status of 400" not in e] == []
    page.console_errors.clear()
    page.get_by_label("Email address").fill("dpo@brasserie.example")
    page.get_by_role("button", name="Subscribe").click()
    assert page.get_by_role("heading", name="Check your inbox").is_visible()
    confirm_url = re.search(r"(http://\S+/subscribe/confirm/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(confirm_url)
    page.get_by_role("button", name="Confirm subscription").click()
    assert page.get_by_role("heading", name="Subscription confirmed").is_visible()
    assert page.console_errors == []
