"""The "Find data" page: which identifiers are searched, and what they find now, with links to the records.

Only ids are shown (no extra queries for names): each links to the record's admin page, which staff may read.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from callnex_compliance.platform_data.models import CallRecord, Contact

from .discovery import subject_footprint
from .models import RightsRequest
from .own_data import MODELS, own_data_find_all

COUNTED = ("contacts", "calls", "recordings", "transcripts")
OWN_LABELS = {
    "account_users": "Account users",
    "billing_contacts": "Billing contacts",
    "invoices": "Invoices",
    "support_tickets": "Support tickets",
}


@dataclass(frozen=True)
class RecordLink:
    """One record found: its label and the admin page that shows it (None when it has no page)."""

    label: str
    url: str | None


def _links(model, ids: list[int]) -> list[RecordLink]:
    opts = model._meta
    links = []
    for pk in ids:
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
        except NoReverseMatch:
            url = None
        links.append(RecordLink(f"{str(opts.verbose_name).capitalize()} #{pk}", url))
    return links


def searched_identifiers(rights_request: RightsRequest) -> list[tuple[str, str]]:
    """Return (what, value) for every identifier "Find data" searches by, the requester's first."""
    rows = []
    if rights_request.requester_email:
        rows.append(("Requester's email", rights_request.requester_email))
    if rights_request.requester_phone:
        rows.append(("Requester's phone", rights_request.requester_phone))
    for value in rights_request.other_identifiers:
        rows.append(("Added email" if "@" in value else "Added phone", value))
    return rows


def discovery_context(rights_request: RightsRequest) -> dict:
    """Return what the page shows: the identifiers, CallNex's own data and each customer's campaign data."""
    identifiers = rights_request.search_identifiers
    own = own_data_find_all(identifiers)
    own_found = [{"label": OWN_LABELS[kind], "records": _links(MODELS[kind], ids)} for kind, ids in own.items() if ids]
    groups: dict = {}
    for footprint in subject_footprint(more=identifiers):
        group = groups.setdefault(
            footprint.customer.pk,
            {"customer": footprint.customer, "campaigns": [], **dict.fromkeys(COUNTED, 0)},
        )
        group["campaigns"].append(
            {
                "campaign": footprint.campaign,
                "contacts": _links(Contact, footprint.contact_ids),
                "calls": _links(CallRecord, footprint.call_ids),
                "recordings": footprint.recordings,
                "transcripts": footprint.transcripts,
            }
        )
        group["contacts"] += len(footprint.contact_ids)
        group["calls"] += len(footprint.call_ids)
        group["recordings"] += footprint.recordings
        group["transcripts"] += footprint.transcripts
    return {
        "searched": searched_identifiers(rights_request),
        "own_found": own_found,
        "footprint": list(groups.values()),
    }
