"""compliance_check's register rules behind the page's promise: no purpose of our own on customers' data."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from legal_basis.models import OwnPurpose, PersonalDataCategory, ProcessingActivity
from tests.factories.legal_basis import approved_activity
from tests.factories.subprocessors import SubprocessorFactory

pytestmark = pytest.mark.django_db


def _check() -> str:
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("compliance_check", stdout=out)
    return out.getvalue()


def test_activity_using_customers_recordings_for_ai_training_fails_compliance_check():
    activity = approved_activity(name="Speech model training", own_purpose=OwnPurpose.AI_TRAINING)
    recordings = PersonalDataCategory.objects.create(
        name="Call recordings (audio)", retention_category="call_recordings"
    )
    activity.personal_data_categories.add(recordings)
    output = _check()
    assert (
        "[customer_data_for_own_purpose] Speech model training uses customers' data (Call recordings (audio)) "
        "for a purpose of CallNex's own (training ai models (our own or a third party's))." in output
    )


def test_processor_activity_with_a_purpose_of_our_own_fails_compliance_check():
    approved_activity(
        name="Product analytics on campaigns", role=ProcessingActivity.Role.PROCESSOR, all_customers=True,
        own_purpose=OwnPurpose.PRODUCT,
    )  # fmt: skip
    assert "[customer_data_for_own_purpose] Product analytics on campaigns uses customers' data" in _check()


def test_own_purpose_on_our_own_data_is_not_a_finding():
    approved_activity(name="Website analytics", own_purpose=OwnPurpose.PRODUCT)
    out = StringIO()
    call_command("compliance_check", stdout=out)
    assert "passes every check" in out.getvalue()


def test_transcription_subprocessor_without_a_no_training_commitment_fails_compliance_check():
    SubprocessorFactory(public_name="Speechy", service="Speech-to-text", uses_ai=True)  # proposed: flagged already
    output = _check()
    assert (
        "[ai_subprocessor_without_no_training] Speechy: is an AI or transcription service without a recorded "
        "no-training commitment." in output
    )


def test_transcription_subprocessor_with_a_recorded_commitment_passes():
    SubprocessorFactory(
        active=True, public_name="Speechy", service="Speech-to-text", uses_ai=True,
        no_training_commitment="DPA clause 7: no training on customer audio.",
    )  # fmt: skip
    out = StringIO()
    call_command("compliance_check", stdout=out)
    assert "passes every check" in out.getvalue()
