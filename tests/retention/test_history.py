"""Purged platform data leaves no copy behind in any history table."""

from django.apps import apps
from django.db import models

from callnex_compliance.platform_data.models import Contact
from retention import services
from tests.factories import CampaignFactory, ContactFactory
from tests.factories.retention import CampaignRetentionOverrideFactory, LegalHoldFactory, call_with_media, days_ago

MARKER_EMAIL = "purge-marker-7f3a@example.be"
MARKER_PHONE = "+32470999123"


def _history_rows_mentioning(text: str) -> list[str]:
    found = []
    for model in apps.get_models():
        if not model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.CharField | models.TextField)
                and model.objects.filter(**{f"{field.name}__contains": text}).exists()
            ):
                found.append(f"{model._meta.label}.{field.name}")
    return found


def test_purged_contact_and_call_leave_no_copy_in_any_history_table(db, run_on_commit):
    campaign = CampaignFactory(started_at=days_ago(500), ended_at=days_ago(400))
    contact = ContactFactory(campaign=campaign, email=MARKER_EMAIL, phone=MARKER_PHONE)
    call_with_media(ended_days_ago=450, campaign=campaign, contact=contact, audio_name="recordings/1/m.wav")
    CampaignRetentionOverrideFactory(campaign=campaign, days=5)
    hold = LegalHoldFactory(contact=contact)
    services.legal_hold_release(hold=hold, released_by=None)
    run_on_commit(services.purge_run)
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert _history_rows_mentioning(MARKER_EMAIL) == []
    assert _history_rows_mentioning(MARKER_PHONE) == []
