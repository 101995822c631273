"""Demo register: CallNex's realistic sub-processors, their dated history and one upcoming change.

Built through the services with past clocks, so the change log and the stored notices look exactly
as real use would leave them. Idempotent: an entry whose (legal name, service) exists is skipped.
"""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from callnex_compliance.platform_data.models import Customer

from . import services
from .dpa_services import CURRENT_TEMPLATE_VERSION, dpa_conclude
from .models import Subprocessor, TiaOutcome

SCCS = "EU Standard Contractual Clauses (Decision 2021/914), module 2, with transfer impact assessment"
ENTRIES = [
    {
        "public_name": "Hetzner",
        "legal_name": "Hetzner Online GmbH",
        "service": "Cloud hosting",
        "purpose": "Hosts the CallNex platform, its databases and the encrypted call recordings.",
        "data_categories": "All customer campaign data: contacts, call records, recordings, transcripts; account data",
        "locations": ["DE"],
        "website": "https://www.hetzner.com",
        "in_use_days": 900,
        "moves_to": (["DE", "FI"], 70),  # added a Helsinki data centre 70 days ago
    },
    {
        "public_name": "Proximus",
        "legal_name": "Proximus SA",
        "service": "Telephony carrier",
        "purpose": "Connects and routes inbound and outbound calls to the public telephone network.",
        "data_categories": "Phone numbers, call times and durations, call audio in transit",
        "locations": ["BE"],
        "website": "https://www.proximus.be",
        "in_use_days": 600,
    },
    {
        "public_name": "Gladia",
        "legal_name": "Gladia SAS",
        "service": "Speech-to-text",
        "purpose": "Transcribes call recordings when a customer enables transcripts; audio is not kept or reused.",
        "data_categories": "Call recordings, transcripts",
        "locations": ["FR"],
        "uses_ai": True,
        "no_training_commitment": "DPA clause 4.3: customer audio and transcripts are never used to train models.",
        "website": "https://www.gladia.io",
        "in_use_days": 300,
    },
    {
        "public_name": "Mailjet",
        "legal_name": "Mailjet SAS (Sinch)",
        "service": "Email delivery",
        "processes_customer_data": False,
        "processes_own_data": True,
        "purpose": "Sends account, billing and notification emails.",
        "data_categories": "Names and email addresses of customer users, email content",
        "locations": ["FR", "DE"],
        "website": "https://www.mailjet.com",
        "in_use_days": 700,
    },
    {
        "public_name": "Mollie",
        "legal_name": "Mollie B.V.",
        "service": "Payments",
        "processes_customer_data": False,
        "processes_own_data": True,
        "purpose": "Collects subscription payments from customers.",
        "data_categories": "Billing contact, company details, payment data",
        "locations": ["NL"],
        "website": "https://www.mollie.com",
        "in_use_days": 800,
    },
    {
        "public_name": "Zendesk",
        "legal_name": "Zendesk, Inc.",
        "service": "Support desk",
        "purpose": "Handles customer support tickets; data is hosted in the EU with support access from the US.",
        "data_categories": "Names and email addresses of customer users, ticket content",
        # CallNex's own support data (CallNex is controller): SCC module 2, not 3.
        "locations": ["IE"],
        "remote_access_locations": ["US"],
        "processes_customer_data": False,
        "processes_own_data": True,
        "transfer_safeguard": Subprocessor.TransferSafeguard.SCC,
        "safeguard_reference": SCCS,
        "scc_modules": "2",
        "tia_outcome": TiaOutcome.SUPPLEMENTARY,
        "website": "https://www.zendesk.com",
        "in_use_days": 500,
    },
    {
        "public_name": "Twilio",
        "legal_name": "Twilio Ireland Limited",
        "service": "SMS reminders",
        "purpose": "Sent appointment-reminder SMS for campaigns.",
        "data_categories": "Phone numbers, message content",
        "locations": ["IE"],
        "website": "https://www.twilio.com",
        "in_use_days": 500,
        "retired_days": 90,
    },
]
UPCOMING = {
    "public_name": "Scaleway",
    "legal_name": "Scaleway SAS",
    "service": "Off-site backups",
    "purpose": "Stores encrypted off-site database backups, so we can restore after a disaster.",
    "data_categories": "Encrypted backups of all platform data",
    "locations": ["FR"],
    "website": "https://www.scaleway.com",
    "announced_days": 12,
    "effective_in_days": 20,
}
TIA_TEXT = "Transfer impact assessment: {name}. Outcome: may proceed with supplementary measures (demo).\n"
DETAIL_KEYS = ("in_use_days", "moves_to", "retired_days", "announced_days", "effective_in_days")


def _days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def _propose(entry: dict, **extra) -> Subprocessor | None:
    fields = {key: value for key, value in entry.items() if key not in DETAIL_KEYS}
    if Subprocessor.objects.filter(legal_name=fields["legal_name"], service=fields["service"]).exists():
        return None
    subprocessor = Subprocessor(**fields, **extra)
    subprocessor.full_clean()
    subprocessor.save()
    return subprocessor


def _bring_into_use(subprocessor: Subprocessor, *, started: dt.datetime) -> None:
    announced = started - dt.timedelta(days=35)
    change = services.subprocessor_announce(
        subprocessor=subprocessor, effective_from=timezone.localdate(started), now=announced
    )
    services.notices_send(change_id=change.pk, now=announced)
    services.subprocessor_activate(subprocessor=subprocessor, now=started)


@transaction.atomic
def load(*, size: str = "small") -> dict[str, int]:
    """Create the demo sub-processors that do not exist yet; return how many were created."""
    created = 0
    for entry in ENTRIES:
        started = _days_ago(entry["in_use_days"])
        signed = timezone.localdate(started) - dt.timedelta(days=45)
        tia = {}
        if "tia_outcome" in entry:
            document = ContentFile(TIA_TEXT.format(name=entry["legal_name"]).encode(), name="tia.txt")
            tia = {"tia_completed_on": signed, "tia_document": document}
        subprocessor = _propose(entry, dpa_signed_on=signed, **tia)
        if subprocessor is None:
            continue
        created += 1
        _bring_into_use(subprocessor, started=started)
        if "moves_to" in entry:
            locations, days = entry["moves_to"]
            change = services.subprocessor_announce_location_change(
                subprocessor=subprocessor,
                locations=locations,
                effective_from=timezone.localdate(_days_ago(days)),
                now=_days_ago(days + 35),
            )
            services.notices_send(change_id=change.pk, now=_days_ago(days + 35))
            services.changes_apply_due(now=_days_ago(days))
        if "retired_days" in entry:
            services.subprocessor_retire(subprocessor=subprocessor, now=_days_ago(entry["retired_days"]))
    upcoming = _propose(UPCOMING, dpa_signed_on=timezone.localdate() - dt.timedelta(days=14))
    if upcoming is not None:
        created += 1
        change = services.subprocessor_announce(
            subprocessor=upcoming,
            effective_from=timezone.localdate() + dt.timedelta(days=UPCOMING["effective_in_days"]),
            now=_days_ago(UPCOMING["announced_days"]),
        )
        services.notices_send(change_id=change.pk, now=_days_ago(UPCOMING["announced_days"]))
    return {"subprocessors": created, "customer DPAs": _bind_customers()}


def _bind_customers() -> int:
    """Record the DPA every demo customer accepted with the terms when its contract started."""
    bound = 0
    for customer in Customer.objects.filter(dpas__isnull=True).exclude(contact_email=""):
        dpa_conclude(customer=customer, template_version=CURRENT_TEMPLATE_VERSION)
        bound += 1
    return bound
