"""A customer's shorter campaign windows: validated, recorded with who asked, settable through the API."""

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from retention import services
from retention.models import CampaignRetentionOverride, DataCategory
from tests.factories import CampaignFactory, StaffUserFactory
from tests.factories.retention import CampaignRetentionOverrideFactory


def test_rejects_a_window_longer_than_the_platform_policy_with_a_clear_message(db):
    with pytest.raises(ValidationError) as error:
        services.retention_override_set(
            campaign=CampaignFactory(), category=DataCategory.CALL_RECORDINGS, days=31, requested_by="u:1"
        )
    assert error.value.message_dict["days"] == [
        "A campaign can only shorten retention: the platform keeps call recordings (and their audio files) "
        "for 30 days (30 days). Enter 30 days or fewer."
    ]
    assert not CampaignRetentionOverride.objects.exists()


def test_rejects_a_negative_window_when_validated(db):
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        services.retention_override_set(
            campaign=CampaignFactory(), category=DataCategory.TRANSCRIPTS, days=-1, requested_by="u:1"
        )


def test_database_refuses_a_negative_window_when_validation_is_bypassed(db):
    override = CampaignRetentionOverrideFactory(days=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignRetentionOverride.objects.filter(pk=override.pk).update(days=-1)


def test_rejects_a_category_customers_cannot_shorten(db):
    with pytest.raises(ValidationError):
        services.retention_override_set(
            campaign=CampaignFactory(), category=DataCategory.BILLING_RECORDS, days=1, requested_by="u:1"
        )


def test_accepts_a_window_as_long_as_the_policy_in_days_when_the_policy_is_in_months(db):
    override = services.retention_override_set(
        campaign=CampaignFactory(), category=DataCategory.CALL_RECORDS, days=365, requested_by="u:1"
    )
    assert override.days == 365


def test_records_who_asked_in_the_history_when_a_window_changes(db):
    campaign = CampaignFactory()
    services.retention_override_set(campaign=campaign, category=DataCategory.TRANSCRIPTS, days=20, requested_by="u:7")
    services.retention_override_set(campaign=campaign, category=DataCategory.TRANSCRIPTS, days=10, requested_by="u:8")
    services.retention_override_clear(campaign=campaign, category=DataCategory.TRANSCRIPTS, requested_by="u:9")
    history = CampaignRetentionOverride.history.order_by("history_date")
    assert [(h.history_type, h.days, h.requested_by) for h in history] == [
        ("+", 20, "u:7"),
        ("~", 10, "u:8"),
        ("-", 10, "u:9"),
    ]
    assert history.last().history_change_reason == "Removed at the request of u:9"


# --- The customer API -------------------------------------------------------------------------------


@pytest.fixture
def platform_client(db) -> APIClient:
    """The platform's service account: no staff rights, only `act_for_customers`, with a DRF token."""
    account = StaffUserFactory(username="platform-service", is_staff=False)
    account.user_permissions.add(Permission.objects.get(codename="act_for_customers"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=account).key}")
    return client


def _url(campaign, category="call_recordings") -> str:
    return f"/api/customers/{campaign.customer_id}/campaigns/{campaign.pk}/retention-windows/{category}/"


def test_api_sets_a_window_and_records_the_customer_user_when_the_platform_asks(platform_client):
    campaign = CampaignFactory()
    response = platform_client.put(_url(campaign), {"days": 14, "requested_by": "cust-user:42"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["days"] == 14
    override = CampaignRetentionOverride.objects.get(campaign=campaign)
    assert override.history.get().history_change_reason == "Requested by cust-user:42"
    assert override.history.get().history_user.username == "platform-service"


def test_api_answers_400_with_the_reason_when_the_window_is_longer_than_the_policy(platform_client):
    response = platform_client.put(_url(CampaignFactory()), {"days": 40, "requested_by": "c:1"}, format="json")
    assert response.status_code == 400
    assert "can only shorten retention" in response.json()["days"][0]
    assert not CampaignRetentionOverride.objects.exists()


def test_api_answers_400_when_the_window_is_negative(platform_client):
    response = platform_client.put(_url(CampaignFactory()), {"days": -2, "requested_by": "c:1"}, format="json")
    assert response.status_code == 400 and "days" in response.json()


def test_api_answers_404_when_the_campaign_belongs_to_another_customer(platform_client):
    campaign, other = CampaignFactory(), CampaignFactory()
    url = f"/api/customers/{other.customer_id}/campaigns/{campaign.pk}/retention-windows/transcripts/"
    response = platform_client.put(url, {"days": 5, "requested_by": "c:1"}, format="json")
    assert response.status_code == 404


def test_api_answers_404_for_a_category_that_cannot_be_shortened(platform_client):
    response = platform_client.put(_url(CampaignFactory(), "billing_records"), {"days": 5, "requested_by": "c:1"})
    assert response.status_code == 404


def test_api_removes_a_window_when_asked_to_delete_it(platform_client):
    override = CampaignRetentionOverrideFactory(category=DataCategory.CALL_RECORDINGS, days=5)
    response = platform_client.delete(_url(override.campaign) + "?requested_by=c:5")
    assert response.status_code == 204
    assert not CampaignRetentionOverride.objects.exists()


def test_api_answers_400_when_a_delete_does_not_say_who_asked(platform_client):
    override = CampaignRetentionOverrideFactory(category=DataCategory.CALL_RECORDINGS, days=5)
    assert platform_client.delete(_url(override.campaign)).status_code == 400
    assert CampaignRetentionOverride.objects.exists()


def test_api_lists_only_the_customers_own_windows(platform_client):
    mine = CampaignRetentionOverrideFactory()
    CampaignRetentionOverrideFactory()
    response = platform_client.get(f"/api/customers/{mine.campaign.customer_id}/retention-windows/")
    assert [row["campaign"] for row in response.json()["results"]] == [mine.campaign_id]


def test_api_refuses_a_request_without_a_token(db):
    response = APIClient().put(_url(CampaignFactory()), {"days": 5, "requested_by": "c:1"}, format="json")
    assert response.status_code == 401


def test_api_refuses_a_token_without_the_permission(db, dpc_user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=StaffUserFactory()).key}")
    assert client.put(_url(CampaignFactory()), {"days": 5, "requested_by": "c:1"}, format="json").status_code == 403


def test_api_refuses_a_logged_in_staff_session_when_no_token_is_sent(dpc_client):
    response = dpc_client.get(f"/api/customers/{CampaignFactory().customer_id}/retention-windows/")
    assert response.status_code == 401


def test_api_throttles_per_customer_with_the_customer_api_rate(platform_client, monkeypatch):
    cache.clear()
    monkeypatch.setattr(
        ScopedRateThrottle, "THROTTLE_RATES", {**ScopedRateThrottle.THROTTLE_RATES, "customer_api": "2/min"}
    )
    first, second = CampaignFactory(), CampaignFactory()
    codes = [
        platform_client.get(f"/api/customers/{first.customer_id}/retention-windows/").status_code for _ in range(3)
    ]
    assert codes == [200, 200, 429]
    assert platform_client.get(f"/api/customers/{second.customer_id}/retention-windows/").status_code == 200


def test_api_answers_404_when_the_customer_id_is_beyond_any_database_integer(platform_client):
    url = f"/api/customers/{2**63}/campaigns/{CampaignFactory().pk}/retention-windows/transcripts/"
    assert platform_client.put(url, {"days": 5, "requested_by": "c:1"}, format="json").status_code == 404
