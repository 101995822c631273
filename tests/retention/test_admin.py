"""The retention admin: editable policies with history, windows, holds, and a read-only purge log."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from retention.models import DataCategory, LegalHold, PurgeCategoryResult, PurgeRun, RetentionPolicy
from tests.factories import CampaignFactory
from tests.factories.retention import CampaignRetentionOverrideFactory, LegalHoldFactory, call_with_media

ADMIN = "/admin/retention"


def _policy_form(policy, **changes) -> dict:
    return {
        "period_value": policy.period_value,
        "period_unit": policy.period_unit,
        "justification_en": policy.justification,
        **changes,
    }


def test_dpc_shortens_a_policy_and_the_history_names_them(dpc_client):
    policy = RetentionPolicy.objects.get(category=DataCategory.TRANSCRIPTS)
    response = dpc_client.post(f"{ADMIN}/retentionpolicy/{policy.pk}/change/", _policy_form(policy, period_value=14))
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.period_display == "14 days"
    assert policy.history.first().history_user.username == "dpc"


def test_policy_form_refuses_recordings_kept_longer_than_their_calls(dpc_client):
    policy = RetentionPolicy.objects.get(category=DataCategory.CALL_RECORDINGS)
    response = dpc_client.post(
        f"{ADMIN}/retentionpolicy/{policy.pk}/change/", _policy_form(policy, period_value=2, period_unit="years")
    )
    assert response.status_code == 200
    assert "cannot be longer than the call records" in response.content.decode()
    policy.refresh_from_db()
    assert policy.period_display == "30 days"


def test_override_form_explains_the_limit_when_the_window_is_longer(dpc_client):
    campaign = CampaignFactory()
    response = dpc_client.post(
        f"{ADMIN}/campaignretentionoverride/add/",
        {"campaign": campaign.pk, "category": "transcripts", "days": 45, "requested_by": "ticket-881"},
    )
    assert response.status_code == 200
    assert "A campaign can only shorten retention" in response.content.decode()


def test_placing_a_hold_in_admin_records_who_placed_it(dpc_client, dpc_user):
    call = call_with_media(ended_days_ago=1, audio_name="recordings/1/a.wav")
    response = dpc_client.post(
        f"{ADMIN}/legalhold/add/", {"scope": "call", "call": call.pk, "reason": "Claim", "reference": "C-1"}
    )
    assert response.status_code == 302, response.content.decode()
    hold = LegalHold.objects.get()
    assert (hold.placed_by, hold.call_id, hold.is_active) == (dpc_user, call.pk, True)


def test_release_action_releases_the_selected_holds(dpc_client, dpc_user):
    hold = LegalHoldFactory(campaign=CampaignFactory())
    data = {"action": "release_holds", "_selected_action": [hold.pk]}
    confirmation = dpc_client.post(f"{ADMIN}/legalhold/", data)
    assert hold.reference in confirmation.content.decode()
    hold.refresh_from_db()
    assert hold.is_active  # nothing happens before the confirmation
    response = dpc_client.post(f"{ADMIN}/legalhold/", {**data, "confirm": confirmation.context["token"]}, follow=True)
    assert "Released 1 hold(s)" in response.content.decode()
    hold.refresh_from_db()
    assert hold.released_by == dpc_user and hold.released_at is not None


def test_auditor_reads_purge_runs_but_cannot_change_policies(auditor_client):
    PurgeRun.objects.create(trigger="command", started_at=timezone.now(), heartbeat_at=timezone.now(), host="h", pid=1)
    assert auditor_client.get(f"{ADMIN}/purgerun/").status_code == 200
    policy = RetentionPolicy.objects.first()
    response = auditor_client.post(f"{ADMIN}/retentionpolicy/{policy.pk}/change/", _policy_form(policy, period_value=1))
    assert response.status_code == 403


def _make_rows(count: int) -> None:
    for _ in range(count):
        campaign = CampaignFactory()
        CampaignRetentionOverrideFactory(campaign=campaign)
        LegalHoldFactory(campaign=campaign)
        now = timezone.now()
        run = PurgeRun.objects.create(trigger="command", started_at=now, heartbeat_at=now, host="h", pid=1)
        PurgeCategoryResult.objects.create(run=run, category="call_records", deleted=3)


@pytest.mark.parametrize("model", ["retentionpolicy", "campaignretentionoverride", "legalhold", "purgerun"])
def test_changelist_query_count_stays_the_same_when_rows_grow(dpc_client, model):
    _make_rows(1)
    with CaptureQueriesContext(connection) as few:
        assert dpc_client.get(f"{ADMIN}/{model}/").status_code == 200
    _make_rows(4)
    with CaptureQueriesContext(connection) as many:
        dpc_client.get(f"{ADMIN}/{model}/")
    assert len(many) == len(few)
