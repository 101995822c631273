"""End of contract (Art. 28(3)(g)): export, deletion within the agreed period except held data, certificate."""

import datetime as dt
import io
import zipfile

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.utils import timezone

from callnex_compliance.platform_data.models import CallRecord, Campaign, Contact
from retention.models import HoldScope
from retention.services import legal_hold_place
from subprocessors.models import CustomerDPA, Offboarding
from subprocessors.offboarding import offboardings_run_due
from tests.factories.platform_data import CallRecordingFactory, CampaignFactory, CustomerFactory, TranscriptFactory
from tests.factories.subprocessors import customer_dpa

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended_customer(db):
    today = timezone.localdate()
    customer = CustomerFactory(name="Ended BV", contract_started_on=today - dt.timedelta(days=400))
    customer_dpa(customer, end_of_contract_days=20)
    for name in ("Spring", "Autumn"):
        campaign = CampaignFactory(customer=customer, name=name)
        recording = CallRecordingFactory(call__campaign=campaign)
        TranscriptFactory(call=recording.call)
    customer.contract_ended_on = today - dt.timedelta(days=1)
    customer.save()
    return customer


def test_contract_end_exports_each_campaign_then_deletes_and_certifies(
    ended_customer, django_capture_on_commit_callbacks
):
    other = CallRecordingFactory()  # another customer's data is never touched
    assert offboardings_run_due() == {"opened": 1, "exported": 1, "deleted": 0}
    offboarding = Offboarding.objects.get(customer=ended_customer)
    assert offboarding.choice == CustomerDPA.EndOfContract.RETURN_THEN_DELETE
    assert offboarding.delete_by == ended_customer.contract_ended_on + dt.timedelta(days=20)
    with zipfile.ZipFile(io.BytesIO(offboarding.export.read())) as archive:
        names = archive.namelist()
        for campaign in Campaign.objects.filter(customer=ended_customer):
            assert {f"campaign-{campaign.pk}/contacts.csv", f"campaign-{campaign.pk}/calls.csv"} <= set(names)
            call = campaign.calls.get()
            assert f"campaign-{campaign.pk}/recordings/call-{call.pk}.wav" in names
            assert call.remote_number in archive.read(f"campaign-{campaign.pk}/calls.csv").decode()
    export_name = offboarding.export.name
    later = timezone.now() + dt.timedelta(days=18)
    with django_capture_on_commit_callbacks(execute=True):
        assert offboardings_run_due(now=later)["deleted"] == 1
    offboarding.refresh_from_db()
    assert offboarding.status == Offboarding.Status.DELETED and offboarding.deleted_at == later
    assert offboarding.deleted_counts == {"recordings": 2, "transcripts": 2, "calls": 2, "contacts": 2, "campaigns": 2}
    assert not Campaign.objects.filter(customer=ended_customer).exists() and not default_storage.exists(export_name)
    assert CallRecord.objects.filter(pk=other.call_id).exists()
    [certificate] = [m for m in mail.outbox if "Deletion certificate" in m.subject]
    assert certificate.to == [ended_customer.contact_email] and "call recordings (audio files): 2" in certificate.body
    assert "Nothing was kept." in certificate.body and offboarding.certificate_sent_at


def test_contract_end_deletion_keeps_a_campaign_under_legal_hold_and_says_why(
    ended_customer, django_capture_on_commit_callbacks
):
    held = Campaign.objects.get(customer=ended_customer, name="Autumn")
    legal_hold_place(
        scope=HoldScope.CAMPAIGN, target_id=held.pk, reason="Court case", reference="RG 2026/123", placed_by=None
    )
    CustomerDPA.objects.filter(customer=ended_customer).update(end_of_contract=CustomerDPA.EndOfContract.DELETE)
    with django_capture_on_commit_callbacks(execute=True):
        counts = offboardings_run_due()
    assert counts == {"opened": 1, "exported": 0, "deleted": 1}
    offboarding = Offboarding.objects.get()
    assert offboarding.deleted_counts["calls"] == 1 and offboarding.deleted_counts["campaigns"] == 1
    assert list(Campaign.objects.filter(customer=ended_customer)) == [held]
    assert Contact.objects.filter(campaign=held).count() == 1
    assert offboarding.kept == [{"what": "1 contacts and 1 calls", "ground": "legal hold RG 2026/123"}]
    assert "RG 2026/123" in mail.outbox[-1].body


def test_dashboard_shows_contracts_ending_soon_and_overdue_offboardings(dpc_client):
    today = timezone.localdate()
    CustomerFactory(contract_started_on=today - dt.timedelta(days=300), contract_ended_on=today + dt.timedelta(days=10))
    late = CustomerFactory(
        contract_started_on=today - dt.timedelta(days=300), contract_ended_on=today - dt.timedelta(days=60)
    )
    Offboarding.objects.create(customer=late, choice="delete", contract_ended_on=late.contract_ended_on,
                               delete_by=today - dt.timedelta(days=30))  # fmt: skip
    section = next(s for s in dpc_client.get("/admin/").context["dashboard"] if s.title == "Customer DPAs and notices")
    figures = {f.label: f.value for f in section.figures}
    assert figures["Contracts ending within 30 days"] == 1 and figures["Overdue offboardings"] == 1
    assert section.tone == "alert"
