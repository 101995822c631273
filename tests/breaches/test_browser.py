"""The data protection contact handles a breach in a real Chromium (Debian package 'chromium')."""

import datetime as dt

import pytest
from django.utils import timezone

from breaches.models import AuthorityNotification, Incident
from tests.browser import launched_chromium, page_recording_errors
from tests.factories import CampaignFactory
from tests.factories.users import STAFF_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    yield from launched_chromium()


@pytest.fixture
def page(browser, live_server, settings):
    settings.ADMIN_MFA_REQUIRED = False
    with page_recording_errors(browser) as page:
        yield page


def _sign_in(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")


def test_dpc_logs_scopes_assesses_sees_the_countdown_and_records_the_authority_notification(
    page, live_server, dpc_user
):
    campaign = CampaignFactory(name="Spring outbound")
    aware = timezone.localtime() - dt.timedelta(hours=5)
    _sign_in(page, live_server, dpc_user)

    page.goto(f"{live_server.url}/admin/breaches/incident/add/")
    page.locator("#id_title").fill("Support mailbox compromised")
    page.locator("#id_description").fill("A phishing e-mail gave access to the support mailbox.")
    page.get_by_label("Call records (metadata)").check()
    page.get_by_label("Customer account users").check()
    page.locator("#id_aware_at_0").fill(aware.strftime("%Y-%m-%d"))
    page.locator("#id_aware_at_1").fill(aware.strftime("%H:%M:%S"))
    page.locator("#id_affects_own_data").check()
    page.get_by_role("button", name="Save and continue editing").click()
    incident = Incident.objects.get()
    page.wait_for_url(f"**/admin/breaches/incident/{incident.pk}/change/")

    page.get_by_role("link", name="Set scope").click()
    page.locator("#id_campaigns").select_option(label=str(campaign))
    page.get_by_role("button", name="Set scope").click()
    page.wait_for_url(f"**/admin/breaches/incident/{incident.pk}/change/")
    assert "Scope set" in page.locator(".messagelist .success").inner_text()

    page.get_by_role("link", name="Assess risk").click()
    page.get_by_label("Likelihood").select_option("likely")
    page.get_by_label("Severity").select_option("medium")
    page.get_by_label("Outcome").select_option("risk")
    page.get_by_label("Reasons").fill("Contact details of account users, identifiable; phishing follow-ups likely.")
    page.get_by_role("button", name="Assess risk").click()
    page.wait_for_url(f"**/admin/breaches/incident/{incident.pk}/change/")

    page.goto(f"{live_server.url}/admin/")
    card = page.locator("#dashboard article").filter(has=page.get_by_role("heading", name="Personal-data breaches"))
    assert card.get_by_role("link", name=f"{incident.reference}: Support mailbox compromised").is_visible()
    assert card.get_by_text("Customer notices (within 24 h)").is_visible()  # the campaign's customer is still due
    assert card.get_by_text("Authority deadline: 66 h").is_visible()

    card.get_by_role("link", name=f"{incident.reference}: Support mailbox compromised").click()
    page.get_by_role("link", name="Record authority notification").click()
    assert page.get_by_text("Aard van de inbreuk").is_visible()
    page.get_by_label("Phase").select_option("initial")
    page.get_by_label("Language").select_option("nl")
    page.get_by_label("Submitted at").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Authority reference").fill("DPA-2026-1234")
    page.get_by_role("button", name="Record authority notification").click()
    page.wait_for_url(f"**/admin/breaches/incident/{incident.pk}/change/")
    assert "Initial notification to the authority recorded" in page.locator(".messagelist .success").inner_text()
    notification = AuthorityNotification.objects.get()
    assert notification.authority_reference == "DPA-2026-1234" and notification.late_reason == ""
    assert [e for e in page.console_errors if "favicon" not in e] == []
