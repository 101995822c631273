"""A history version page is readable by whoever may view the record, and never saves (finding 1)."""

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from callnex_compliance.history_admin import HistoryAdmin
from callnex_compliance.platform_data.models import OrganisationProfile
from retention.models import DataCategory, RetentionPolicy
from rights_requests import services as rr_services
from rights_requests.models import CalendarFeed
from subprocessors import services as sp_services
from subprocessors.models import Subprocessor
from tests.factories import CampaignFactory
from tests.factories.retention import LegalHoldFactory
from tests.factories.subprocessors import SubprocessorFactory

pytestmark = pytest.mark.django_db


def _version_url(obj) -> str:
    meta = obj._meta
    version = obj.history.order_by("history_id").first()
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_simple_history", args=[obj.pk, version.history_id])


def _form_data(obj, **changes) -> dict:
    data = {key: value or "" for key, value in model_to_dict(obj).items()}
    return {**data, **changes}


def test_every_registered_history_admin_is_the_read_only_history_admin():
    offenders = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, SimpleHistoryAdmin) and not isinstance(model_admin, HistoryAdmin)
    ]
    assert offenders == []


@pytest.mark.parametrize("client_fixture", ["auditor_client", "handler_client", "dpc_client"])
def test_posting_an_old_retention_period_to_its_version_page_changes_nothing(request, client_fixture):
    policy = RetentionPolicy.objects.get(category=DataCategory.CALL_RECORDINGS)
    url = _version_url(policy)
    response = request.getfixturevalue(client_fixture).post(url, _form_data(policy, period_value=0))
    assert response.status_code == 405
    policy.refresh_from_db()
    assert policy.period_value == 30
    assert policy.history.count() == 1


@pytest.mark.parametrize("client_fixture", ["auditor_client", "handler_client"])
def test_version_pages_stay_readable_for_viewers_and_point_to_the_change_form(request, client_fixture):
    policy = RetentionPolicy.objects.get(category=DataCategory.CALL_RECORDINGS)
    page = request.getfixturevalue(client_fixture).get(_version_url(policy))
    assert page.status_code == 200
    assert b"copy the values you need into the" in page.content
    assert b'name="_save"' not in page.content


def test_a_retired_subprocessor_cannot_be_made_active_again_through_its_history(auditor_client):
    subprocessor = SubprocessorFactory(active=True)
    url = _version_url(subprocessor)
    sp_services.subprocessor_retire(subprocessor=subprocessor)
    assert auditor_client.post(url, _form_data(subprocessor, status="active")).status_code == 405
    subprocessor.refresh_from_db()
    assert subprocessor.status == Subprocessor.Status.RETIRED


def test_the_organisation_profile_cannot_be_changed_through_its_history(handler_client):
    profile = OrganisationProfile.get_solo()
    profile.save()  # a first history row
    url = _version_url(profile)
    data = _form_data(profile, contact_email="attacker@example.com", subprocessor_notice_days=0)
    assert handler_client.post(url, data).status_code == 405
    profile.refresh_from_db()
    assert profile.contact_email != "attacker@example.com"


def test_a_legal_hold_cannot_be_changed_through_its_history(auditor_client):
    hold = LegalHoldFactory(campaign=CampaignFactory())
    url = _version_url(hold)
    assert auditor_client.post(url, _form_data(hold, reason="Changed by the auditor")).status_code == 405
    hold.refresh_from_db()
    assert hold.reason != "Changed by the auditor"


def test_a_revoked_calendar_feed_is_never_reactivated_through_its_history(dpc_client, handler_user):
    rr_services.calendar_feed_issue(user=handler_user)
    feed = CalendarFeed.objects.get(user=handler_user)
    url = _version_url(feed)
    rr_services.calendar_feed_revoke(user=handler_user)
    assert dpc_client.post(url, {}).status_code == 405
    feed.refresh_from_db()
    assert feed.revoked_at is not None
