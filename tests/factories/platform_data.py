"""Factories for the governed platform data, with Belgian-looking people, numbers and calls."""

import datetime as dt
import io
import wave

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from faker import Faker

from callnex_compliance.platform_data.models import (
    AccountUser,
    BillingContact,
    CallRecord,
    CallRecording,
    Campaign,
    Contact,
    Customer,
    Invoice,
    SupportTicket,
    TicketMessage,
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


class AccountUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountUser

    customer = factory.SubFactory(CustomerFactory)
    name = factory.LazyFunction(fake.name)
    email = factory.Sequence(lambda n: f"user{n}@customer.example.be")
    phone = ""


class BillingContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BillingContact

    customer = factory.SubFactory(CustomerFactory)
    name = factory.LazyFunction(fake.name)
    email = factory.Sequence(lambda n: f"billing{n}@customer.example.be")


class InvoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invoice

    customer = factory.SubFactory(CustomerFactory)
    number = factory.Sequence(lambda n: f"CNX-{n:07d}")
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    billed_to = factory.LazyAttribute(lambda o: o.customer.name if o.customer else fake.company())
    sent_to_email = factory.Sequence(lambda n: f"billing{n}@customer.example.be")
    total_cents = 49_900


class SupportTicketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportTicket

    customer = factory.SubFactory(CustomerFactory)
    requester_name = factory.LazyFunction(fake.name)
    requester_email = factory.Sequence(lambda n: f"user{n}@customer.example.be")
    subject = "Cannot export the campaign report"
    opened_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    status = SupportTicket.Status.OPEN
    closed_at = None

    class Params:
        closed = factory.Trait(
            status=SupportTicket.Status.CLOSED,
            closed_at=factory.LazyAttribute(lambda o: o.opened_at + dt.timedelta(days=2)),
        )


class TicketMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TicketMessage

    ticket = factory.SubFactory(SupportTicketFactory)
    author = TicketMessage.Author.CUSTOMER
    body = "The report button shows an error since this morning."
    sent_at = factory.LazyAttribute(lambda o: o.ticket.opened_at)
