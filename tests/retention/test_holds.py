"""Legal holds keep what they cover out of every purge until released, and the run counts what they kept."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from callnex_compliance.platform_data.models import CallRecord, CallRecording, Contact, Customer
from retention import services
from retention.models import DataCategory, HoldScope, LegalHold
from retention.purge.context import PurgeContext
from retention.purge.purgers import CallRecordPurger
from tests.factories import CampaignFactory, ContactFactory, CustomerFactory
from tests.factories.retention import LegalHoldFactory, call_with_media, days_ago


def _expired_call(**fields):
    return call_with_media(ended_days_ago=400, audio_name="recordings/1/x.wav", **fields)


@pytest.mark.parametrize("scope", ["call", "contact", "campaign", "customer"])
def test_keeps_an_expired_call_with_its_media_when_a_hold_covers_it(db, run_on_commit, scope):
    call = _expired_call()
    target = {"call": call, "contact": call.contact, "campaign": call.campaign, "customer": call.campaign.customer}
    LegalHoldFactory(**{scope: target[scope]})
    run = run_on_commit(services.purge_run)
    assert CallRecord.objects.filter(pk=call.pk).exists() and CallRecording.objects.filter(call=call).exists()
    assert run.results.get(category="call_records").kept_by_hold == 1
    assert run.results.get(category="call_recordings").kept_by_hold == 1


def test_purges_what_a_hold_kept_when_the_hold_is_released(db, run_on_commit, dpc_user):
    call = _expired_call()
    hold = LegalHoldFactory(call=call)
    run_on_commit(services.purge_run)
    services.legal_hold_release(hold=hold, released_by=dpc_user)
    run_on_commit(services.purge_run)
    assert not CallRecord.objects.filter(pk=call.pk).exists()


def test_keeps_a_contact_of_an_ended_campaign_when_one_of_its_calls_is_held(db, run_on_commit):
    campaign = CampaignFactory(started_at=days_ago(300), ended_at=days_ago(200))
    contact = ContactFactory(campaign=campaign)
    call = call_with_media(ended_days_ago=210, campaign=campaign, contact=contact, audio_name="recordings/1/x.wav")
    LegalHoldFactory(call=call)
    run = run_on_commit(services.purge_run)
    assert Contact.objects.filter(pk=contact.pk).exists()
    assert CallRecord.objects.get(pk=call.pk).contact_id == contact.pk
    assert run.results.get(category="campaign_contacts").kept_by_hold == 1


def test_keeps_the_whole_customer_when_a_single_call_of_it_is_held(db, run_on_commit):
    customer = CustomerFactory(contract_ended_on=timezone.localdate() - dt.timedelta(days=500))
    call = call_with_media(ended_days_ago=2, campaign=CampaignFactory(customer=customer), audio_name="r/1/x.wav")
    LegalHoldFactory(call=call)
    run = run_on_commit(services.purge_run)
    assert Customer.objects.filter(pk=customer.pk).exists()
    assert run.results.get(category="customer_accounts").kept_by_hold == 1


def test_protects_rows_not_yet_deleted_when_a_hold_is_placed_during_a_run(db):
    calls = [_expired_call() for _ in range(3)]
    last = max(calls, key=lambda call: (call.ended_at, call.pk))

    def place_hold_after_first_batch(progress):
        if progress.batches and not LegalHold.objects.exists():
            LegalHoldFactory(call=last)

    ctx = PurgeContext.load(now=timezone.now(), batch_size=1, report_every=0, on_progress=place_hold_after_first_batch)
    CallRecordPurger().run(ctx)
    assert list(CallRecord.objects.values_list("pk", flat=True)) == [last.pk]


def test_place_records_who_and_when_when_a_hold_is_placed(db, dpc_user):
    call = _expired_call()
    hold = services.legal_hold_place(
        scope=HoldScope.CALL, target_id=call.pk, reason="Authority inquiry", reference="GBA-2026-1", placed_by=dpc_user
    )
    assert (hold.call_id, hold.placed_by, hold.is_active) == (call.pk, dpc_user, True)
    assert hold.history.get().history_type == "+"


def test_rejects_a_hold_whose_target_does_not_match_its_scope(db):
    hold = LegalHold(
        scope=HoldScope.CALL, campaign=CampaignFactory(), reason="x", reference="y", placed_at=timezone.now()
    )
    with pytest.raises(ValidationError, match="exactly the customer, campaign, contact, call or rights request"):
        hold.full_clean()


def test_releasing_twice_keeps_the_first_release_when_released_again(db, dpc_user, auditor_user):
    hold = LegalHoldFactory(call=_expired_call())
    services.legal_hold_release(hold=hold, released_by=dpc_user)
    first = hold.released_at
    services.legal_hold_release(hold=hold, released_by=auditor_user)
    hold.refresh_from_db()
    assert (hold.released_at, hold.released_by) == (first, dpc_user)


def test_dry_run_counts_what_holds_keep_when_something_is_held(db):
    LegalHoldFactory(call=_expired_call())
    _expired_call()
    preview = services.purge_preview(category=DataCategory.CALL_RECORDS)[DataCategory.CALL_RECORDS]
    assert preview.kept_by_hold == 1 and sum(preview.by_customer.values()) == 1
