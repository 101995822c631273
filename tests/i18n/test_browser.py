"""The language switcher in a real Chromium, and an axe-core accessibility check of every public page in
every language (no serious or critical violation)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from subprocessors import demo
from tests.browser import launched_chromium, page_recording_errors

pytestmark = pytest.mark.browser

LANGUAGES = ("en", "nl", "fr")
PUBLIC_PAGES = ("/", "/subprocessors/", "/subprocessors/subscribe/", "/dpa/request/")
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="module")
def browser():
    yield from launched_chromium()


@pytest.fixture
def page(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    settings.CSRF_COOKIE_SECURE = False  # the live server speaks plain HTTP
    with page_recording_errors(browser) as page:
        yield page


def test_switcher_changes_the_language_of_the_subprocessor_page(page, live_server):
    demo.load()
    page.goto(f"{live_server.url}/subprocessors/")  # the old address: redirected to /en/
    assert page.url.endswith("/en/subprocessors/")
    assert page.get_by_role("heading", name="Current sub-processors").is_visible()
    switcher = page.get_by_role("navigation", name="Language")
    switcher.get_by_role("link", name="Nederlands").click()
    assert page.url.endswith("/nl/subprocessors/")
    assert page.get_by_role("heading", name="Huidige subverwerkers").is_visible()
    assert page.locator("html").get_attribute("lang") == "nl"
    page.get_by_role("navigation", name="Taal").get_by_role("link", name="Français").click()
    assert page.get_by_role("heading", name="Sous-traitants ultérieurs actuels").is_visible()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.console_errors == []


def test_switcher_changes_the_language_of_the_gdpr_page(page, live_server, reseeded_registers):
    call_command("load_demo", "--size", "small", verbosity=0)  # publishes version 1 of the GDPR page
    page.goto(f"{live_server.url}/gdpr/")  # the address on the seed page: redirected to /en/
    assert page.url.endswith("/en/gdpr/")
    assert page.get_by_role("heading", name="Our two roles").is_visible()
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Nederlands").click()
    assert page.url.endswith("/nl/gdpr/")
    assert page.get_by_role("heading", name="Onze twee rollen").is_visible()
    assert page.locator("html").get_attribute("lang") == "nl"
    page.get_by_role("navigation", name="Taal").get_by_role("link", name="Français").click()
    assert page.url.endswith("/fr/gdpr/")
    assert page.get_by_role("heading", name="Nos deux rôles").is_visible()
    assert page.console_errors == []


def test_public_pages_have_no_serious_accessibility_violations_in_any_language(browser, live_server):
    demo.load()
    axe = Axe()
    # axe-core is injected as a script: the page's Content-Security-Policy would refuse it.
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        problems = []
        for language in LANGUAGES:
            for path in PUBLIC_PAGES:
                url = f"{live_server.url}/{language}{path}"
                assert page.goto(url).status == 200, url
                results = axe.run(page)
                for violation in results.response["violations"]:
                    if violation["impact"] in BLOCKING_IMPACTS:
                        targets = [node["target"] for node in violation["nodes"]][:3]
                        problems.append(f"{url}: {violation['id']} ({violation['impact']}) {targets}")
    finally:
        context.close()
    assert problems == []
