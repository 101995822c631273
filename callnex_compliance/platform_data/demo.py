"""Demo platform data: Belgian customers, their campaigns, contacts, calls, recordings and transcripts.

Idempotent: campaigns are looked up by (customer, name) and only a new campaign gets contacts and calls,
so running `load_demo` again changes no counts.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from tests.factories.platform_data import (
    AccountUserFactory,
    BillingContactFactory,
    CallRecordFactory,
    CallRecordingFactory,
    ContactFactory,
    CustomerFactory,
    InvoiceFactory,
    SupportTicketFactory,
    TicketMessageFactory,
    TranscriptFactory,
    belgian_mobile,
    fake,
)

from .models import AccountUser, CallRecord, Campaign, Contact, Customer

CUSTOMERS = [
    ("Brasserie Delvaux SRL", "BE0412345678"),
    ("Energie Vlaanderen NV", "BE0423456789"),
    ("Mutualité Solidaire ASBL", "BE0434567890"),
    ("Antwerp Home Services BV", "BE0445678901"),
    ("Liège Mobilité SA", "BE0456789012"),
    ("Gent Telecom Partners BV", "BE0467890123"),
]
CAMPAIGN_NAMES = [
    "Customer satisfaction survey",
    "Winter contract renewal",
    "Inbound support line",
    "Appointment reminders",
]
SIZES = {
    "small": {"customers": 4, "campaigns": 2, "contacts": 12, "calls_per_contact": 2},
    "large": {"customers": 6, "campaigns": 4, "contacts": 250, "calls_per_contact": 4},
}
# One data subject who appears at two customers, so a rights request has something to find.
DEMO_SUBJECT = {"name": "Sofie Peeters", "phone": "+32470000001", "email": "sofie.peeters@example.be"}
# A person CallNex knows only as controller: an account user of the first customer with a support ticket.
DEMO_ACCOUNT_USER = {"name": "Marie Dupont", "email": "marie.dupont@example.be", "phone": ""}
RECORDING_DAYS = 45  # recordings older than their 30-day retention are left for the purge to find


@transaction.atomic
def load(*, size: str = "small") -> dict[str, int]:
    """Create the demo customers, campaigns and calls that do not exist yet; return what was created."""
    spec = SIZES[size]
    rng = random.Random(2026)
    fake.seed_instance(2026)
    created = {"campaigns": 0, "contacts": 0, "calls": 0}
    now = timezone.now()
    for index, (name, vat) in enumerate(CUSTOMERS[: spec["customers"]]):
        customer = CustomerFactory(
            name=name, vat_number=vat, contact_email=f"privacy@{name.split()[0].lower()}.example.be"
        )
        for number, campaign_name in enumerate(CAMPAIGN_NAMES[: spec["campaigns"]]):
            started = now - dt.timedelta(days=400 - 90 * number)
            ended = started + dt.timedelta(days=60) if number < spec["campaigns"] - 1 else None
            campaign, is_new = Campaign.objects.get_or_create(
                customer=customer, name=campaign_name, defaults={"started_at": started, "ended_at": ended}
            )
            if not is_new:
                continue
            created["campaigns"] += 1
            contacts = _create_contacts(campaign, spec["contacts"], seed=index * 10_000 + number * 1_000)
            if index < 2 and number == 0:
                contacts.append(ContactFactory(campaign=campaign, **DEMO_SUBJECT))
            created["contacts"] += len(contacts)
            created["calls"] += _create_calls(campaign, contacts, spec["calls_per_contact"], rng, now)
        if not AccountUser.objects.filter(customer=customer).exists():
            created["account data"] = created.get("account data", 0) + _create_account_data(customer, index, now)
    return created


def _create_account_data(customer: Customer, index: int, now) -> int:
    """CallNex's own controller data of one customer: users, a billing contact, invoices, a ticket."""
    users = [AccountUserFactory(customer=customer, email=f"ops{index}@{customer.contact_email.split('@')[1]}")]
    if index == 0:
        # Sofie logs in for the first customer and is also in its (and another customer's) campaigns.
        users.append(AccountUserFactory(customer=customer, **DEMO_SUBJECT))
        users.append(AccountUserFactory(customer=customer, **DEMO_ACCOUNT_USER))
    billing = BillingContactFactory(customer=customer, email=f"billing@{customer.contact_email.split('@')[1]}")
    for months in (1, 2, 3):
        InvoiceFactory(
            customer=customer,
            number=f"CNX-{now.year}-{index:02d}{months:02d}",
            issued_on=(now - dt.timedelta(days=30 * months)).date(),
            billed_to=customer.name,
            sent_to_email=billing.email,
        )
    ticket = SupportTicketFactory(
        customer=customer,
        requester_name=users[-1].name,
        requester_email=users[-1].email,
        subject="Question about the campaign report",
        opened_at=now - dt.timedelta(days=20),
        closed=True,
    )
    TicketMessageFactory(ticket=ticket)
    TicketMessageFactory(
        ticket=ticket, author="staff", body="The report is fixed.", sent_at=ticket.opened_at + dt.timedelta(hours=3)
    )
    return len(users) + 5


def _create_contacts(campaign: Campaign, count: int, *, seed: int) -> list[Contact]:
    return [
        ContactFactory(
            campaign=campaign,
            phone=belgian_mobile(seed + i + 1000),
            email=f"{fake.user_name()}.{seed + i}@example.be",
        )
        for i in range(count)
    ]


def _create_calls(campaign: Campaign, contacts: list[Contact], per_contact: int, rng: random.Random, now) -> int:
    window_end = min(campaign.ended_at or now, now)
    window_days = max((window_end - campaign.started_at).days, 1)
    count = 0
    for contact in contacts:
        for _ in range(per_contact):
            ended_at = window_end - dt.timedelta(days=rng.randrange(window_days), minutes=rng.randrange(1440))
            outcome = rng.choice(list(CallRecord.Outcome))
            call = CallRecordFactory(
                campaign=campaign,
                contact=contact,
                ended_at=ended_at,
                started_at=ended_at - dt.timedelta(seconds=rng.randrange(20, 900)),
                outcome=outcome,
                direction=rng.choice(list(CallRecord.Direction)),
            )
            count += 1
            if outcome == CallRecord.Outcome.ANSWERED and (now - ended_at).days <= RECORDING_DAYS:
                CallRecordingFactory(call=call, duration_seconds=call.duration_seconds)
                TranscriptFactory(call=call)
    return count
