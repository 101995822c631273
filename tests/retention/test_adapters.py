"""Categories other apps store: the purge calls their services with the policy's cutoff (end to end)."""

import datetime as dt

from django.utils import timezone

from callnex_compliance.platform_data.models import CallRecord, Campaign, Customer
from retention import services
from retention.models import DataCategory
from rights_requests.models import ANONYMISED, RightsRequest
from subprocessors.models import Subscription
from tests.factories import CampaignFactory, CustomerFactory
from tests.factories.retention import call_with_media
from tests.factories.rights_requests import RightsRequestFactory
from tests.factories.subprocessors import SubscriptionFactory


def _closed_request(years_ago: float) -> RightsRequest:
    closed = timezone.now() - dt.timedelta(days=365.25 * years_ago)
    return RightsRequestFactory(
        received_at=closed - dt.timedelta(days=20), status=RightsRequest.Status.COMPLETED, closed_at=closed
    )


def test_anonymises_rights_requests_closed_over_3_years_ago(db, run_on_commit):
    old, recent = _closed_request(3.1), _closed_request(2.9)
    run = run_on_commit(services.purge_run)
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.requester_name == ANONYMISED and old.requester_email == ""
    assert recent.requester_name != ANONYMISED
    assert run.results.get(category=DataCategory.RIGHTS_REQUEST_FILES).anonymised == 1


def test_dry_run_counts_rights_requests_to_anonymise_without_changing_them(db):
    request = _closed_request(4)
    preview = services.purge_preview(category=DataCategory.RIGHTS_REQUEST_FILES)
    assert sum(preview[DataCategory.RIGHTS_REQUEST_FILES].by_customer.values()) == 1
    request.refresh_from_db()
    assert request.requester_name != ANONYMISED


def test_deletes_subscriptions_left_unconfirmed_for_over_7_days(db, run_on_commit):
    stale = SubscriptionFactory(confirmed_at=None)
    fresh = SubscriptionFactory(confirmed_at=None)
    confirmed = SubscriptionFactory()
    Subscription.objects.filter(pk__in=[stale.pk, confirmed.pk]).update(
        created_at=timezone.now() - dt.timedelta(days=8)
    )
    run = run_on_commit(services.purge_run)
    assert set(Subscription.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk}
    assert run.results.get(category=DataCategory.UNCONFIRMED_SUBSCRIPTIONS).deleted == 1


def test_keeps_only_the_customer_row_when_a_rights_request_refers_to_it(db, run_on_commit):
    customer = CustomerFactory(contract_ended_on=timezone.localdate() - dt.timedelta(days=500))
    call = call_with_media(ended_days_ago=2, campaign=CampaignFactory(customer=customer), audio_name="r/1/a.wav")
    RightsRequestFactory(role=RightsRequest.Role.PROCESSOR, customer=customer)
    run = run_on_commit(services.purge_run)
    assert Customer.objects.filter(pk=customer.pk).exists() and Campaign.objects.filter(customer=customer).exists()
    assert not CallRecord.objects.filter(pk=call.pk).exists()
    result = run.results.get(category=DataCategory.CUSTOMER_ACCOUNTS)
    assert "1 customer(s) kept because other records refer to them" in result.note
    assert result.deleted == 0 and result.errors == 0
