"""The public GDPR page passes axe-core's automated accessibility rules in a real Chromium."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from gdpr_page import services
from tests.browser import launched_chromium, page_recording_errors

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    yield from launched_chromium()


def test_gdpr_page_has_no_serious_or_critical_accessibility_violation(browser, live_server, registers, dpc_user):
    services.page_publish(user=dpc_user)
    with page_recording_errors(browser) as page:
        response = page.goto(f"{live_server.url}/en/gdpr/")
        assert response.status == 200
        assert page.get_by_role("heading", name="Retention schedule").is_visible()
        results = Axe().run(page)
        assert page.console_errors == []
    violations = results.response["violations"]
    serious = [f"{v['id']} ({v['impact']}): {v['help']}" for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(serious)
