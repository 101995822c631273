"""The admin at laptop size (1366×768) in a real Chromium, as the data protection contact, a handler and an auditor.

Key columns fit without scrolling sideways, the workflow toolbar sits below the heading, erasing shows what
it deletes before it happens, the auditor sees no workflow buttons, and no page logs a console error (a CSP
violation included).
"""

import datetime as dt

import pytest
from django.utils import timezone

from callnex_compliance.platform_data.models import AccountUser
from retention.models import PurgeCategoryResult, PurgeRun
from rights_requests import services
from rights_requests.models import RightsRequest
from tests.browser import launched_chromium
from tests.factories.platform_data import AccountUserFactory
from tests.factories.rights_requests import RightsRequestFactory
from tests.factories.subprocessors import SubprocessorFactory
from tests.factories.users import STAFF_PASSWORD

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1366, 768
EMAIL = "lore.janssens@example.be"


@pytest.fixture(scope="module")
def browser():
    yield from launched_chromium()


@pytest.fixture
def page(browser, live_server, settings):
    settings.ADMIN_MFA_REQUIRED = False
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    page = context.new_page()
    page.set_default_timeout(120_000)  # the machine running the suite may be busy
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    context.close()


def _sign_in(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")


def _fits_without_scrolling(page, cell_selector: str) -> None:
    """Assert the page does not scroll sideways and every cell of the column lies inside the viewport."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= WIDTH, f"the page scrolls sideways: {scroll_width} px wide"
    cells = page.locator(cell_selector)
    assert cells.count() > 0, f"no {cell_selector} on the page"
    for index in range(cells.count()):
        box = cells.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, (cell_selector, box)
    results = page.locator("#changelist .results")
    if results.count():
        overflow = results.evaluate("element => element.scrollWidth - element.clientWidth")
        assert overflow <= 0, f"the result table scrolls sideways by {overflow} px"


def _below(upper: dict, lower: dict) -> bool:
    return lower["y"] >= upper["y"] + upper["height"] - 0.5


def _long_lists(users) -> None:
    """Rows with long values, as real work has them: names, several rights, warnings, a failed purge."""
    for index, (rights, user) in enumerate(
        [(["access", "erasure", "rectification", "objection"], users[0]), (["portability", "restriction"], users[1]),
         (["erasure"], None), (["access", "objection", "automated_decision"], users[0])]
    ):  # fmt: skip
        RightsRequestFactory(
            requester_name=f"Marie-Christine Vandenbroucke-Van Der Elst {index}", rights=rights, assignee=user,
            status="in_progress", received_at=timezone.now() - dt.timedelta(days=10 * index),
        )  # fmt: skip
    SubprocessorFactory(active=True, public_name="Speechmatics Transcription", service="Speech-to-text transcription "
                        "of call recordings", dpa_signed_on=None, locations=["GB", "US", "DE"])  # fmt: skip
    SubprocessorFactory(active=True, us_under_sccs=True, public_name="Twilio Programmable Voice",
                        legal_name="Twilio Ireland Limited", service="Telephony and call routing")  # fmt: skip
    SubprocessorFactory(public_name="Hetzner Online", effective_from=timezone.localdate() + dt.timedelta(days=45))
    run = PurgeRun.objects.create(trigger="schedule", started_at=timezone.now(), heartbeat_at=timezone.now(),
                                  host="worker-1.callnex.internal", pid=1, status="failed", ended_at=timezone.now(),
                                  only_category="call_recordings")  # fmt: skip
    PurgeCategoryResult.objects.create(run=run, category="call_recordings", deleted=120_000, kept_by_hold=12, errors=3)


@pytest.mark.parametrize("role", ["dpc_user", "handler_user", "auditor_user"])
def test_worklist_subprocessors_and_purge_runs_show_their_key_columns_at_1366_px(
    request, page, live_server, role, dpc_user, handler_user
):
    _long_lists([dpc_user, handler_user])
    _sign_in(page, live_server, request.getfixturevalue(role))

    page.goto(f"{live_server.url}/admin/rights_requests/rightsrequest/")
    assert page.locator("th.column-days_left").is_visible()
    _fits_without_scrolling(page, "td.field-days_left")
    _fits_without_scrolling(page, "th.field-reference")

    page.goto(f"{live_server.url}/admin/subprocessors/subprocessor/")
    for column in ("dpa_signed_on", "effective_from", "warnings"):
        _fits_without_scrolling(page, f"td.field-{column}")

    page.goto(f"{live_server.url}/admin/retention/purgerun/")
    _fits_without_scrolling(page, "td.field-errors")
    assert page.console_errors == []


def _erasure_request() -> RightsRequest:
    AccountUserFactory(email=EMAIL)
    rights_request = RightsRequestFactory(
        requester_email=EMAIL, requester_phone="", rights=["erasure"], status="in_progress",
        identity_verified_at=timezone.now(), received_at=timezone.now() - dt.timedelta(days=3),
    )  # fmt: skip
    services.rights_request_link_matches(rights_request=rights_request, actor=None)
    return rights_request


def test_toolbar_sits_below_the_heading_and_erasing_shows_the_counts_before_it_happens(page, live_server, dpc_user):
    rights_request = _erasure_request()
    _sign_in(page, live_server, dpc_user)
    page.goto(f"{live_server.url}/admin/rights_requests/rightsrequest/{rights_request.pk}/change/")

    heading = page.locator("#content h1").bounding_box()
    toolbar = page.locator(".wf-toolbar").bounding_box()
    tools = page.locator("ul.object-tools").bounding_box()
    assert _below(heading, toolbar), (heading, toolbar)
    assert _below(heading, tools), (heading, tools)
    assert page.locator(".wf-group-destructive").get_by_role("link", name="Erase data").is_visible()
    assert page.locator(".wf-group-destructive").get_by_role("link", name="Refuse").is_visible()

    page.get_by_role("link", name="Erase data").click()
    page.get_by_role("button", name="Continue: review before it happens").click()
    deleted = page.locator("table.confirm-table").filter(has_text="Will be deleted")
    assert deleted.get_by_role("row").filter(has_text="account user(s)").inner_text().split()[-1] == "1"
    assert AccountUser.objects.filter(email=EMAIL).exists()  # nothing happened yet

    page.get_by_role("button", name="Yes, erase data").click()
    page.wait_for_url(f"**/admin/rights_requests/rightsrequest/{rights_request.pk}/change/")
    assert "Erased" in page.locator(".messagelist .success").inner_text()
    assert not AccountUser.objects.filter(email=EMAIL).exists()
    assert page.console_errors == []


def test_extension_after_the_legal_deadline_is_not_offered_and_says_why(page, live_server, handler_user):
    late = RightsRequestFactory(status="in_progress", received_at=timezone.now() - dt.timedelta(days=45))
    _sign_in(page, live_server, handler_user)
    page.goto(f"{live_server.url}/admin/rights_requests/rightsrequest/{late.pk}/change/")
    toolbar = page.locator(".wf-toolbar")
    assert toolbar.get_by_role("link", name="Extend deadline").count() == 0
    assert "it can no longer be extended" in toolbar.locator(".wf-reason").inner_text()
    assert toolbar.get_by_role("link", name="Erase data").count() == 0  # only a data protection contact erases
    assert page.console_errors == []


def test_auditor_sees_no_workflow_buttons_and_a_styled_refusal(page, live_server, auditor_user):
    rights_request = _erasure_request()
    _sign_in(page, live_server, auditor_user)
    page.goto(f"{live_server.url}/admin/rights_requests/rightsrequest/{rights_request.pk}/change/")
    assert page.locator(".wf-toolbar").count() == 0
    assert page.locator("#content").get_by_role("link", name="Erase data").count() == 0

    response = page.goto(f"{live_server.url}/admin/rights_requests/rightsrequest/{rights_request.pk}/workflow/erase/")
    assert response.status == 403
    # Chromium reports the 403 answer itself as a console error; anything else (a CSP violation) still counts.
    page.console_errors[:] = [error for error in page.console_errors if "status of 403" not in error]
    assert page.locator("#site-name").inner_text() == "CallNex Compliance"  # the admin's look, not a bare page
    assert "nothing was changed" in page.locator(".errornote").inner_text()
    assert AccountUser.objects.filter(email=EMAIL).exists()
    assert page.console_errors == []
