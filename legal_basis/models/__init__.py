"""Models of the processing register (legal_basis app)."""

from .activity import ActivityLegalBasis, ProcessingActivity
from .choices import Art9Condition, LegalBasis, OwnPurpose
from .review import (
    ART35_3_CASES,
    BELGIAN_LIST,
    DPIA_CRITERIA_THRESHOLD,
    EDPB_CRITERIA,
    MANDATORY_CASES,
    Dpia,
    DpiaScreening,
)
from .vocabularies import DataSubjectCategory, PersonalDataCategory, RecipientCategory, SecurityMeasure

__all__ = [
    "ART35_3_CASES",
    "BELGIAN_LIST",
    "MANDATORY_CASES",
    "DPIA_CRITERIA_THRESHOLD",
    "EDPB_CRITERIA",
    "ActivityLegalBasis",
    "Art9Condition",
    "DataSubjectCategory",
    "Dpia",
    "DpiaScreening",
    "LegalBasis",
    "OwnPurpose",
    "PersonalDataCategory",
    "ProcessingActivity",
    "RecipientCategory",
    "SecurityMeasure",
]
