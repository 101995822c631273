"""A small but complete set of registers, every public text in English, Dutch and French."""

import pytest

from callnex_compliance.platform_data.models import OrganisationProfile
from legal_basis.models import ProcessingActivity
from retention.models import RetentionPolicy
from tests.factories import StaffUserFactory
from tests.factories.legal_basis import SecurityMeasureFactory, approved_activity
from tests.factories.subprocessors import SubprocessorFactory


def three(obj, field: str, text: str) -> None:
    """Give a translated field its text in the three languages, marked by language."""
    for language in ("en", "nl", "fr"):
        setattr(obj, f"{field}_{language}", f"{text} [{language}]")


@pytest.fixture
def registers(db):
    """Return the records the page is built from, each public text translated."""
    profile = OrganisationProfile.get_solo()
    three(profile, "art37_assessment", "No large-scale monitoring as a core activity")
    profile.save()
    for policy in RetentionPolicy.objects.all():
        policy.justification_nl = f"{policy.justification_en} [nl]"
        policy.justification_fr = f"{policy.justification_en} [fr]"
        policy.save()
    measure = SecurityMeasureFactory(name="Encryption at rest")
    three(measure, "public_summary", "Databases and backups are encrypted at rest")
    measure.save()
    owner = StaffUserFactory(username="owner")
    billing = approved_activity(name="Billing", owner=owner)
    three(billing, "public_title", "Invoicing our customers")
    three(billing, "public_wording", "We invoice customers under their contract")
    billing.shown_publicly = True
    billing.save()
    transcription = approved_activity(
        name="Transcription", owner=owner, role=ProcessingActivity.Role.PROCESSOR, all_customers=True
    )
    three(transcription, "public_title", "Call transcription")
    three(transcription, "public_wording", "Recordings become text when a customer enables it")
    transcription.shown_publicly = True
    transcription.save()
    speech = SubprocessorFactory(
        active=True, public_name="Speechy", service="Speech-to-text", uses_ai=True,
        no_training_commitment="DPA clause 7: never trains models on customer audio.",
    )  # fmt: skip
    three(speech, "purpose", "Transcribes call recordings")
    speech.save()
    return {"activity": billing, "processor_activity": transcription, "measure": measure, "subprocessor": speech}
