"""One audit view across every compliance model: who changed what, when; filterable and exportable."""

import csv
import datetime as dt
import io
import re

from django.utils import timezone

from callnex_compliance.platform_data.models import OrganisationProfile

AUDIT_URL = "/admin/audit/"


def _change_profile(user, legal_name):
    profile = OrganisationProfile.get_solo()
    profile.legal_name = legal_name
    profile._history_user = user
    profile.save()
    return profile


def _csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def _history_rows(user, count):
    """Add `count` history rows of the organisation profile, changed by `user` (fast: bulk insert)."""
    history = OrganisationProfile.history.model
    profile = OrganisationProfile.get_solo()
    values = {f.attname: getattr(profile, f.attname) for f in OrganisationProfile._meta.concrete_fields}
    start = timezone.now() - dt.timedelta(hours=1)
    history.objects.bulk_create(
        history(**values, history_date=start + dt.timedelta(seconds=i), history_type="~", history_user=user)
        for i in range(count)
    )


def test_audit_trail_lists_who_changed_the_organisation_profile(dpc_user, auditor_client):
    _change_profile(dpc_user, "CallNex BV (audited)")
    page = auditor_client.get(AUDIT_URL)
    assert page.status_code == 200
    entries = page.context["entries"]
    assert entries[0].user == "dpc" and entries[0].action == "changed"
    assert entries[0].model_label == "platform_data.OrganisationProfile"
    assert entries[0].history_url.endswith("/history/")


def test_audit_trail_filters_by_user_and_date(dpc_user, auditor_user, auditor_client):
    _change_profile(dpc_user, "by dpc")
    _change_profile(auditor_user, "by auditor")
    by_dpc = auditor_client.get(AUDIT_URL, {"user": "dpc"}).context["entries"]
    assert {entry.user for entry in by_dpc} == {"dpc"}
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert auditor_client.get(AUDIT_URL, {"since": tomorrow.isoformat()}).context["entries"] == []


def test_audit_trail_rejects_an_inverted_date_range_with_a_message(auditor_client):
    page = auditor_client.get(AUDIT_URL, {"since": "2026-12-31", "until": "2026-01-01"})
    assert page.status_code == 200
    assert b"The start date must not be after the end date." in page.content


def test_audit_trail_exports_csv(dpc_user, auditor_client):
    _change_profile(dpc_user, "exported")
    response = auditor_client.get(AUDIT_URL, {"model": "platform_data.OrganisationProfile", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response)
    assert rows and rows[0]["user"] == "dpc" and rows[0]["model"] == "platform_data.OrganisationProfile"


def test_audit_trail_is_closed_to_staff_without_any_view_permission(db, client, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(AUDIT_URL).status_code == 403


def test_audit_trail_csv_holds_every_matching_change_when_more_than_500_match(dpc_user, auditor_client):
    _history_rows(dpc_user, 620)
    response = auditor_client.get(AUDIT_URL, {"model": "platform_data.OrganisationProfile", "format": "csv"})
    assert response.streaming
    rows = [row for row in _csv_rows(response) if row["user"] == "dpc"]
    assert len(rows) == 620


def test_audit_trail_shows_50_a_page_and_how_many_changes_match(dpc_user, auditor_client):
    _history_rows(dpc_user, 120)
    page = auditor_client.get(AUDIT_URL, {"user": "dpc"})
    assert len(page.context["entries"]) == 50
    assert page.context["page"].paginator.count == 120
    text = re.sub(r"<[^>]+>", "", page.content.decode())
    assert "120 changes match these filters · page 1 of 3" in text
    last = auditor_client.get(AUDIT_URL, {"user": "dpc", "page": 3})
    assert len(last.context["entries"]) == 20


def test_audit_trail_filters_by_action(dpc_user, auditor_client):
    _change_profile(dpc_user, "changed once")
    changed = auditor_client.get(AUDIT_URL, {"action": "~"}).context["entries"]
    created = auditor_client.get(AUDIT_URL, {"action": "+"}).context["entries"]
    assert changed and {entry.action for entry in changed} == {"changed"}
    assert {entry.action for entry in created} <= {"created"}


def test_audit_trail_names_a_rights_request_by_its_reference(dpc_user, auditor_client):
    from tests.factories.rights_requests import RightsRequestFactory

    rights_request = RightsRequestFactory()
    page = auditor_client.get(AUDIT_URL, {"model": "rights_requests.RightsRequest"}).content.decode()
    assert rights_request.reference in page
    assert "rights request #" not in page
