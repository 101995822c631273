"""Factories for the Retention app, and helpers that build platform rows of a given age."""

import datetime as dt

import factory
from django.utils import timezone

from callnex_compliance.platform_data.models import CallRecording
from retention.models import CampaignRetentionOverride, DataCategory, HoldScope, LegalHold

from .platform_data import CallRecordFactory, CallRecordingFactory, CampaignFactory, TranscriptFactory


class CampaignRetentionOverrideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignRetentionOverride

    campaign = factory.SubFactory(CampaignFactory)
    category = DataCategory.CALL_RECORDINGS
    days = 10
    requested_by = factory.Sequence(lambda n: f"customer-user:{n}")


class LegalHoldFactory(factory.django.DjangoModelFactory):
    """A hold on the given target: pass exactly one of customer, campaign, contact or call."""

    class Meta:
        model = LegalHold

    scope = factory.LazyAttribute(
        lambda o: next(
            HoldScope(name) for name in ("customer", "campaign", "contact", "call") if getattr(o, name, None)
        )
    )
    reason = "Litigation about a disputed campaign."
    reference = factory.Sequence(lambda n: f"HOLD-{n:04d}")
    placed_at = factory.LazyFunction(timezone.now)


def days_ago(days: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def call_with_media(*, ended_days_ago: float, audio_name: str | None = None, **fields):
    """Create a call that ended `ended_days_ago` days ago, with a recording and a transcript.

    With `audio_name` the recording points at that storage name without writing a file (fast);
    otherwise a real tiny WAV file is stored.
    """
    call = CallRecordFactory(ended_at=days_ago(ended_days_ago), **fields)
    if audio_name is None:
        CallRecordingFactory(call=call)
    else:
        CallRecording.objects.create(call=call, audio=audio_name, duration_seconds=1, size_bytes=1)
    TranscriptFactory(call=call)
    return call
