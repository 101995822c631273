"""Models of the Retention app."""

from .holds import HoldScope, LegalHold
from .overrides import CampaignRetentionOverride
from .policies import (
    CALL_CHILD_CATEGORIES,
    CAMPAIGN_CATEGORIES,
    Anchor,
    DataCategory,
    PeriodUnit,
    ProcessingRole,
    RetentionAction,
    RetentionPolicy,
    subtract_months,
)
from .runs import PendingFileDeletion, PurgeCategoryResult, PurgeLease, PurgeRun

__all__ = [
    "CALL_CHILD_CATEGORIES",
    "CAMPAIGN_CATEGORIES",
    "Anchor",
    "CampaignRetentionOverride",
    "DataCategory",
    "HoldScope",
    "LegalHold",
    "PendingFileDeletion",
    "PeriodUnit",
    "ProcessingRole",
    "PurgeCategoryResult",
    "PurgeLease",
    "PurgeRun",
    "RetentionAction",
    "RetentionPolicy",
    "subtract_months",
]
