"""Find a data subject's footprint in the platform data, grouped per customer and campaign.

Built on the platform selectors (index lookups by normalised email and phone); the extra work here is
one query each for recordings and transcripts by call id (unique indexes) and one for campaign names.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from callnex_compliance.platform_data.models import CallRecording, Campaign, Transcript
from callnex_compliance.platform_data.selectors import calls_matching, contacts_matching


@dataclass
class CampaignFootprint:
    """What was found in one campaign: ids to act on and the counts shown in the preview."""

    campaign: Campaign
    contact_ids: list[int] = field(default_factory=list)
    call_ids: list[int] = field(default_factory=list)
    recordings: int = 0
    transcripts: int = 0

    @property
    def customer(self):
        return self.campaign.customer


def subject_footprint(
    *, email: str = "", phone: str = "", more: Iterable[tuple[str, str]] = ()
) -> list[CampaignFootprint]:
    """Return the subject's contacts, calls, recordings and transcripts per campaign.

    Searched by `email` and `phone` (5 queries at most) and by each further (email, phone) pair in `more`
    (the identifiers staff added), merged without duplicates.
    """
    contacts: set[tuple[int, int]] = set()
    calls: set[tuple[int, int]] = set()
    for one_email, one_phone in [(email, phone), *more]:
        # order_by(): the models' default orderings would only add sorts.
        found = contacts_matching(email=one_email, phone=one_phone).order_by().values_list("pk", "campaign_id")
        found = set(found)
        contacts |= found
        if found or one_phone:
            matching = calls_matching(email=one_email, phone=one_phone).order_by().values_list("pk", "campaign_id")
            calls |= set(matching)
    by_campaign: dict[int, dict[str, list[int]]] = defaultdict(lambda: {"contacts": [], "calls": []})
    for pk, campaign_id in contacts:
        by_campaign[campaign_id]["contacts"].append(pk)
    call_campaign = {}
    for pk, campaign_id in calls:
        by_campaign[campaign_id]["calls"].append(pk)
        call_campaign[pk] = campaign_id
    if not by_campaign:
        return []
    recordings = _count_by_campaign(CallRecording, call_campaign)
    transcripts = _count_by_campaign(Transcript, call_campaign)
    campaigns = Campaign.objects.select_related("customer").order_by().in_bulk(list(by_campaign))
    footprints = [
        CampaignFootprint(
            campaign=campaigns[campaign_id],
            contact_ids=sorted(ids["contacts"]),
            call_ids=sorted(ids["calls"]),
            recordings=recordings.get(campaign_id, 0),
            transcripts=transcripts.get(campaign_id, 0),
        )
        for campaign_id, ids in by_campaign.items()
    ]
    return sorted(footprints, key=lambda f: (f.customer.name, f.campaign.name))


def _count_by_campaign(model, call_campaign: dict[int, int]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    if call_campaign:
        for call_id in model.objects.filter(call_id__in=list(call_campaign)).values_list("call_id", flat=True):
            counts[call_campaign[call_id]] += 1
    return counts
