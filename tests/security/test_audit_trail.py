"""One audit view across every compliance model: who changed what, when; filterable and exportable."""

import csv
import datetime as dt
import io

from django.utils import timezone

from callnex_compliance.platform_data.models import OrganisationProfile

AUDIT_URL = "/admin/audit/"


def _change_profile(user, legal_name):
    profile = OrganisationProfile.get_solo()
    profile.legal_name = legal_name
    profile._history_user = user
    profile.save()
    return profile


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
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows and rows[0]["user"] == "dpc" and rows[0]["model"] == "platform_data.OrganisationProfile"


def test_audit_trail_is_closed_to_staff_without_any_view_permission(db, client, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(AUDIT_URL).status_code == 403
