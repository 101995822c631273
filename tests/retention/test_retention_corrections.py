"""Corrections from the legal review: contacts of a campaign that never ends expire after their inactivity
period; a legal hold on a rights-request file stops its anonymisation."""

from callnex_compliance.platform_data.models import Contact
from retention import services
from retention.models import DataCategory, HoldScope, RetentionPolicy
from rights_requests.models import ANONYMISED, RightsRequest
from tests.factories import CallRecordFactory, CampaignFactory, ContactFactory
from tests.factories.retention import days_ago
from tests.factories.rights_requests import RightsRequestFactory


def _contact(*, created_days_ago: int, last_call_days_ago: int | None = None) -> Contact:
    campaign = CampaignFactory(started_at=days_ago(900), ended_at=None)
    contact = ContactFactory(campaign=campaign)
    Contact.objects.filter(pk=contact.pk).update(created_at=days_ago(created_days_ago))
    if last_call_days_ago is not None:
        CallRecordFactory(campaign=campaign, contact=contact, ended_at=days_ago(last_call_days_ago))
    return contact


def test_contact_of_an_endless_campaign_is_purged_when_inactive_beyond_the_period(db, run_on_commit):
    never_called = _contact(created_days_ago=400)
    called_long_ago = _contact(created_days_ago=700, last_call_days_ago=380)
    run = run_on_commit(services.purge_run)
    assert not Contact.objects.filter(pk__in=[never_called.pk, called_long_ago.pk]).exists()
    assert run.results.get(category=DataCategory.CAMPAIGN_CONTACTS).deleted == 2


def test_contact_of_an_endless_campaign_is_kept_when_called_within_the_period(db, run_on_commit):
    recently_called = _contact(created_days_ago=700, last_call_days_ago=30)
    new = _contact(created_days_ago=20)
    run_on_commit(services.purge_run)
    assert set(Contact.objects.values_list("pk", flat=True)) == {recently_called.pk, new.pk}


def test_inactivity_period_follows_the_policy_when_the_dpc_shortens_it(db, run_on_commit):
    RetentionPolicy.objects.filter(category=DataCategory.CAMPAIGN_CONTACTS).update(inactivity_months=3)
    contact = _contact(created_days_ago=200, last_call_days_ago=100)
    run_on_commit(services.purge_run)
    assert not Contact.objects.filter(pk=contact.pk).exists()


def test_contacts_policy_states_the_inactivity_period_when_seeded(db):
    policy = RetentionPolicy.objects.get(category=DataCategory.CAMPAIGN_CONTACTS)
    assert policy.period_display == "90 days (never-ending campaign: 12 months after the last call)"


def _expired_request() -> RightsRequest:
    closed = days_ago(4 * 365)
    return RightsRequestFactory(received_at=closed, status=RightsRequest.Status.COMPLETED, closed_at=closed)


def test_held_request_file_is_not_anonymised_when_its_retention_ends(db, run_on_commit, dpc_user):
    held, free = _expired_request(), _expired_request()
    services.legal_hold_place(
        scope=HoldScope.RIGHTS_REQUEST, target_id=held.pk, reason="Complaint before the authority.",
        reference="GBA/2026/99", placed_by=dpc_user,
    )  # fmt: skip
    run = run_on_commit(services.purge_run)
    held.refresh_from_db()
    free.refresh_from_db()
    assert held.requester_name != ANONYMISED and held.anonymised_at is None
    assert free.requester_name == ANONYMISED
    assert run.results.get(category=DataCategory.RIGHTS_REQUEST_FILES).anonymised == 1


def test_request_file_is_anonymised_when_its_hold_is_released(db, run_on_commit, dpc_user):
    request = _expired_request()
    hold = services.legal_hold_place(
        scope=HoldScope.RIGHTS_REQUEST, target_id=request.pk, reason="Claim.", reference="C-1", placed_by=dpc_user
    )
    services.legal_hold_release(hold=hold, released_by=dpc_user)
    run_on_commit(services.purge_run)
    request.refresh_from_db()
    assert request.requester_name == ANONYMISED
