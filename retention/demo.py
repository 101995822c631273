"""Demo retention data: two customer windows and a legal hold on the demo campaigns. Idempotent.

Purge runs are not invented: run `manage.py purge --dry-run` or `manage.py purge` to see real ones.
"""

from django.db import transaction

from callnex_compliance.platform_data.models import Campaign

from . import services
from .models import CampaignRetentionOverride, DataCategory, HoldScope, LegalHold

WINDOWS = [
    ("Brasserie Delvaux SRL", "Customer satisfaction survey", DataCategory.CALL_RECORDINGS, 14),
    ("Energie Vlaanderen NV", "Winter contract renewal", DataCategory.CAMPAIGN_CONTACTS, 30),
]
HOLD = {
    "customer": "Mutualité Solidaire ASBL",
    "campaign": "Customer satisfaction survey",
    "reference": "GBA-DEMO-2026-014",
    "reason": "Inquiry by the Belgian Data Protection Authority into a complaint about this campaign.",
}


@transaction.atomic
def load(*, size: str = "small") -> dict[str, int]:
    """Create the demo windows and hold that do not exist yet; return what was created."""
    created = {"campaign windows": 0, "legal holds": 0}
    for customer, name, category, days in WINDOWS:
        campaign = Campaign.objects.filter(customer__name=customer, name=name).first()
        if campaign and not CampaignRetentionOverride.objects.filter(campaign=campaign, category=category).exists():
            services.retention_override_set(
                campaign=campaign, category=category, days=days, requested_by="demo-customer-user:1001"
            )
            created["campaign windows"] += 1
    campaign = Campaign.objects.filter(customer__name=HOLD["customer"], name=HOLD["campaign"]).first()
    if campaign and not LegalHold.objects.filter(reference=HOLD["reference"]).exists():
        services.legal_hold_place(
            scope=HoldScope.CAMPAIGN,
            target_id=campaign.pk,
            reason=HOLD["reason"],
            reference=HOLD["reference"],
            placed_by=None,
        )
        created["legal holds"] += 1
    return created
