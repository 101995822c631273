"""axe-core finds no serious or critical violation on the admin pages staff use every day (demo data)."""

import pytest
from django.core.management import call_command

from legal_basis.models import ProcessingActivity
from rights_requests.models import RightsRequest
from tests.browser import launched_chromium, page_recording_errors, serious_accessibility_violations, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    yield from launched_chromium()


def test_daily_admin_pages_have_no_serious_accessibility_violation(browser, live_server, dpc_user, reseeded_registers):
    call_command("load_demo", "--size", "small", verbosity=0)
    request = RightsRequest.objects.filter(matches__isnull=False).order_by("pk").first()
    assert ProcessingActivity.objects.exists()
    pages = {
        "dashboard": "/admin/",
        "worklist": "/admin/rights_requests/rightsrequest/",
        "request": f"/admin/rights_requests/rightsrequest/{request.pk}/change/",
        "intake": "/admin/rights_requests/rightsrequest/add/",
        "audit trail": "/admin/audit/",
        "activities": "/admin/legal_basis/processingactivity/",
    }
    found = {}
    with page_recording_errors(browser) as page:
        page.set_viewport_size({"width": 1366, "height": 768})
        sign_in(page, live_server, dpc_user)
        for name, path in pages.items():
            assert page.goto(f"{live_server.url}{path}").status == 200, name
            if violations := serious_accessibility_violations(page):
                found[name] = violations
    assert found == {}, "\n".join(f"{name}: {line}" for name, lines in found.items() for line in lines)
