"""The purge deletes exactly what has expired, by its anchor date, the policy and the campaign window."""

import datetime as dt

from django.utils import timezone

from callnex_compliance.platform_data.models import CallRecord, CallRecording, Campaign, Contact, Customer, Transcript
from retention import services
from retention.models import DataCategory, PendingFileDeletion, PurgeRun, RetentionPolicy
from tests.factories import CallRecordFactory, CampaignFactory, ContactFactory, CustomerFactory
from tests.factories.retention import CampaignRetentionOverrideFactory, call_with_media, days_ago


def _result(run: PurgeRun, category: str):
    return run.results.get(category=category)


def test_deletes_recordings_and_transcripts_when_their_call_ended_over_30_days_ago(db, run_on_commit):
    old = call_with_media(ended_days_ago=31)
    recent = call_with_media(ended_days_ago=29)
    run_on_commit(services.purge_run)
    assert not CallRecording.objects.filter(call=old).exists() and not Transcript.objects.filter(call=old).exists()
    assert CallRecording.objects.filter(call=recent).exists() and Transcript.objects.filter(call=recent).exists()
    assert CallRecord.objects.filter(pk=old.pk).exists()  # the metadata is kept for 12 months


def test_removes_the_audio_file_when_the_recording_is_purged(db, run_on_commit, stored_files):
    old = call_with_media(ended_days_ago=40)
    kept = call_with_media(ended_days_ago=1)
    run = run_on_commit(services.purge_run)
    assert stored_files() == {kept.recording.audio.name}
    assert not PendingFileDeletion.objects.exists()
    assert PurgeRun.objects.get(pk=run.pk).files_deleted == 1
    assert old.pk


def test_counts_from_the_call_end_not_the_row_creation_when_a_recording_was_stored_late(db, run_on_commit):
    call = call_with_media(ended_days_ago=45, audio_name="recordings/x/late.wav")
    CallRecording.objects.filter(call=call).update(created_at=timezone.now())
    run_on_commit(services.purge_run)
    assert not CallRecording.objects.filter(call=call).exists()


def test_deletes_a_call_with_its_children_when_it_ended_over_12_months_ago(db, run_on_commit):
    old = call_with_media(ended_days_ago=400, audio_name="recordings/1/gone.wav")
    run = run_on_commit(services.purge_run)
    assert not CallRecord.objects.filter(pk=old.pk).exists()
    assert (_result(run, "call_records").deleted, _result(run, "call_recordings").deleted) == (1, 1)
    assert _result(run, "transcripts").deleted == 1


def test_keeps_the_contacts_when_their_campaign_ended_less_than_90_days_ago(db, run_on_commit):
    contact = ContactFactory(campaign=CampaignFactory(started_at=days_ago(200), ended_at=days_ago(89)))
    run_on_commit(services.purge_run)
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_deletes_contacts_and_unlinks_their_calls_when_their_campaign_ended_over_90_days_ago(db, run_on_commit):
    campaign = CampaignFactory(started_at=days_ago(200), ended_at=days_ago(91))
    call = CallRecordFactory(campaign=campaign, ended_at=days_ago(100))
    running = ContactFactory(campaign=CampaignFactory(ended_at=None))
    run_on_commit(services.purge_run)
    call.refresh_from_db()
    assert call.contact_id is None
    assert list(Contact.objects.all()) == [running]


def test_deletes_the_customer_with_all_its_data_when_the_contract_ended_over_12_months_ago(db, run_on_commit):
    ended = CustomerFactory(
        contract_started_on=dt.date(2020, 1, 1), contract_ended_on=timezone.localdate() - dt.timedelta(days=400)
    )
    call_with_media(ended_days_ago=2, campaign=CampaignFactory(customer=ended), audio_name="recordings/1/a.wav")
    current = CustomerFactory(contract_ended_on=None)
    call_with_media(ended_days_ago=2, campaign=CampaignFactory(customer=current), audio_name="recordings/2/b.wav")
    run = run_on_commit(services.purge_run)
    assert list(Customer.objects.all()) == [current]
    assert not Campaign.objects.filter(customer_id=ended.pk).exists()
    assert CallRecord.objects.count() == 1 and CallRecording.objects.count() == 1
    assert _result(run, "customer_accounts").deleted == 1


def test_keeps_the_customer_when_the_contract_ended_less_than_12_months_ago(db, run_on_commit):
    customer = CustomerFactory(contract_ended_on=timezone.localdate() - dt.timedelta(days=300))
    run_on_commit(services.purge_run)
    assert Customer.objects.filter(pk=customer.pk).exists()


def test_applies_a_campaign_window_only_to_that_campaign_when_one_is_set(db, run_on_commit):
    short = CampaignFactory()
    CampaignRetentionOverrideFactory(campaign=short, category=DataCategory.CALL_RECORDINGS, days=7)
    in_short = call_with_media(ended_days_ago=8, campaign=short, audio_name="recordings/1/a.wav")
    elsewhere = call_with_media(ended_days_ago=8, audio_name="recordings/2/b.wav")
    run_on_commit(services.purge_run)
    assert not CallRecording.objects.filter(call=in_short).exists()
    assert CallRecording.objects.filter(call=elsewhere).exists()
    assert Transcript.objects.filter(call=in_short).exists()  # only recordings were shortened


def test_takes_the_recordings_along_when_the_call_window_is_shorter(db, run_on_commit):
    campaign = CampaignFactory()
    CampaignRetentionOverrideFactory(campaign=campaign, category=DataCategory.CALL_RECORDS, days=5)
    call = call_with_media(ended_days_ago=6, campaign=campaign, audio_name="recordings/1/a.wav")
    run_on_commit(services.purge_run)
    assert not CallRecord.objects.filter(pk=call.pk).exists()
    assert not CallRecording.objects.exists() and not Transcript.objects.exists()


def test_uses_the_platform_period_when_it_became_shorter_than_a_campaign_window(db, run_on_commit):
    campaign = CampaignFactory()
    CampaignRetentionOverrideFactory(campaign=campaign, category=DataCategory.CALL_RECORDINGS, days=25)
    RetentionPolicy.objects.filter(category=DataCategory.CALL_RECORDINGS).update(period_value=10)
    call = call_with_media(ended_days_ago=12, campaign=campaign, audio_name="recordings/1/a.wav")
    run_on_commit(services.purge_run)
    assert not CallRecording.objects.filter(call=call).exists()


def test_deletes_nothing_when_run_a_second_time(db, run_on_commit):
    call_with_media(ended_days_ago=400, audio_name="recordings/1/a.wav")
    call_with_media(ended_days_ago=40, audio_name="recordings/1/b.wav")
    run_on_commit(services.purge_run)
    second = run_on_commit(services.purge_run)
    assert sum(second.results.values_list("deleted", flat=True)) == 0
    assert second.status == PurgeRun.Status.SUCCEEDED


def test_purges_only_the_requested_category_when_one_is_given(db, run_on_commit):
    call = call_with_media(ended_days_ago=40, audio_name="recordings/1/a.wav")
    run = run_on_commit(services.purge_run, category=DataCategory.TRANSCRIPTS)
    assert not Transcript.objects.filter(call=call).exists()
    assert CallRecording.objects.filter(call=call).exists()
    assert list(run.results.values_list("category", flat=True)) == ["transcripts"]


def test_skips_a_category_and_says_so_when_its_policy_is_missing(db, run_on_commit):
    RetentionPolicy.objects.filter(category=DataCategory.CALL_RECORDINGS).delete()
    call = call_with_media(ended_days_ago=40, audio_name="recordings/1/a.wav")
    run = run_on_commit(services.purge_run)
    assert CallRecording.objects.filter(call=call).exists()
    assert "No retention policy" in _result(run, "call_recordings").note
