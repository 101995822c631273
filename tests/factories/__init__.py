"""factory-boy factories shared by the tests and `manage.py load_demo`."""

from .platform_data import (
    CallRecordFactory,
    CallRecordingFactory,
    CampaignFactory,
    ContactFactory,
    CustomerFactory,
    TranscriptFactory,
    fake,
    tiny_wav,
)
from .users import StaffUserFactory

__all__ = [
    "CallRecordFactory",
    "CallRecordingFactory",
    "CampaignFactory",
    "ContactFactory",
    "CustomerFactory",
    "StaffUserFactory",
    "TranscriptFactory",
    "fake",
    "tiny_wav",
]
