"""Factories for the governed platform data, with Belgian-looking people, numbers and calls."""

import datetime as dt
import io
import wave

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from faker import Faker

from callnex_compliance.platform_data.models import (
    CallRecord,
    CallRecording,
    Campaign,
    Contact,
    Customer,
    Transcript,
)

fake = Faker(["nl_BE", "fr_BE"])

BELGIAN_MOBILE_PREFIXES = (
    "470",
    "471",
    "472",
    "473",
    "474",
    "475",
    "476",
    "477",
    "478",
    "479",
    "484",
    "485",
    "486",
    "487",
    "488",
    "489",
    "490",
    "491",
    "492",
    "493",
    "494",
    "495",
    "496",
    "497",
    "498",
    "499",
)


def belgian_mobile(seq: int) -> str:
    """Return a distinct, valid Belgian mobile number in E.164 for sequence number `seq`."""
    prefix = BELGIAN_MOBILE_PREFIXES[seq % len(BELGIAN_MOBILE_PREFIXES)]
    return f"+32{prefix}{seq % 1_000_000:06d}"


def tiny_wav(seconds: int = 1) -> bytes:
    """Return a silent 8 kHz mono WAV: a real audio file, small enough for tests and demos."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(1)
        wav.setframerate(8000)
        wav.writeframes(b"\x80" * 8000 * seconds)
    return buffer.getvalue()


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"{fake.company()} #{n}")
    vat_number = factory.Sequence(lambda n: f"BE0{400000000 + n:09d}")
    contact_email = factory.LazyAttribute(lambda o: f"privacy@customer{o.vat_number[-4:]}.example.be")
    contract_started_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=720))


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    customer = factory.SubFactory(CustomerFactory)
    name = factory.Sequence(lambda n: f"Campaign {n}")
    started_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=60))
    ended_at = None


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    campaign = factory.SubFactory(CampaignFactory)
    name = factory.LazyFunction(fake.name)
    phone = factory.Sequence(belgian_mobile)
    email = factory.Sequence(lambda n: f"contact{n}@example.be")


class CallRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallRecord

    campaign = factory.SubFactory(CampaignFactory)
    contact = factory.SubFactory(ContactFactory, campaign=factory.SelfAttribute("..campaign"))
    remote_number = factory.LazyAttribute(lambda o: o.contact.phone if o.contact else belgian_mobile(0))
    direction = CallRecord.Direction.OUTBOUND
    ended_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    started_at = factory.LazyAttribute(lambda o: o.ended_at - dt.timedelta(minutes=3))
    outcome = CallRecord.Outcome.ANSWERED


class CallRecordingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallRecording

    call = factory.SubFactory(CallRecordFactory)
    duration_seconds = 1
    audio = factory.LazyFunction(lambda: ContentFile(tiny_wav(), name="call.wav"))
    size_bytes = factory.LazyAttribute(lambda o: o.audio.size)


class TranscriptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transcript

    call = factory.SubFactory(CallRecordFactory)
    language = "nl"
    text = factory.LazyFunction(lambda: "Agent: Goeiedag, u spreekt met CallNex. Klant: " + fake.sentence())
