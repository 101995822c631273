import datetime as dt
import io
import zipfile

import pytest
from django.utils import timezone
from pypdf import PdfReader

from retention import services as retention_services
from retention.models import HoldScope
from rights_requests.models import RightsRequest
from subprocessors.models import NoticeDelivery
from tests.factories import CallRecordFactory, CampaignFactory, ContactFactory
from tests.factories.breaches import incident
from tests.factories.legal_basis import approved_activity
from tests.factories.rights_requests import RightsRequestFactory
from tests.factories.subprocessors import SubprocessorFactory, SubscriptionFactory, applied_change

BRUSSELS_NOON = dt.time(12, tzinfo=dt.UTC)

# The data subjects of the test data: every one of these strings must stay out of the pack.
SUBJECTS = [
    ("Sofie Peeters", "sofie.peeters@example.be", "+32470123456"),
    ("Jean-Marc Dubois", "jm.dubois@example.be", "+32478999888"),
]
CONTACT = ("Lotte Janssens", "lotte.janssens@example.be", "+32471555666")
SUBSCRIBER_EMAIL = "privacy.officer@customer.example"


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, BRUSSELS_NOON)


@pytest.fixture
def register(db):
    """A register, sub-processors with a delivered notice, holds, a purge run, requests and a contact."""
    approved_activity(name="Customer account management")
    processor = approved_activity(
        name="Call recording for customers", role="processor", all_customers=True,
        description="Stores call audio for the customer.",
    )  # fmt: skip
    subprocessor = SubprocessorFactory(public_name="AudioVault", active=True)
    processor.subprocessors.add(subprocessor)
    change = applied_change(subprocessor, notice_subject="New sub-processor", notice_text="We add AudioVault.")
    NoticeDelivery.objects.create(
        change=change, subscription=SubscriptionFactory(email=SUBSCRIBER_EMAIL), status="sent", sent_at=timezone.now()
    )
    name, email, phone = CONTACT
    contact = ContactFactory(campaign=CampaignFactory(), name=name, email=email, phone=phone)
    CallRecordFactory(campaign=contact.campaign, contact=contact, remote_number=phone)
    retention_services.legal_hold_place(
        scope=HoldScope.CONTACT, target_id=contact.pk, reason="Authority inquiry.", reference="GBA/2026/5",
        placed_by=None,
    )  # fmt: skip
    retention_services.purge_run()
    incident(title="Export e-mailed to the wrong customer", description="One campaign's export went astray.")
    for (name, email, phone), right in zip(SUBJECTS, ["access", "erasure"], strict=True):
        received = at(timezone.localdate() - dt.timedelta(days=40))
        RightsRequestFactory(
            requester_name=name, requester_email=email, requester_phone=phone, rights=[right],
            details=f"I am {name}", received_at=received, status=RightsRequest.Status.COMPLETED,
            closed_at=received + dt.timedelta(days=10), outcome_text=f"Dear {name}",
        )  # fmt: skip
    return processor


def pdf_text(data: bytes) -> str:
    """Return the PDF's text with whitespace collapsed (lines wrap wherever the layout breaks them)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
