"""Models of the processing register (legal_basis app)."""

from .activity import ActivityLegalBasis, ProcessingActivity
from .choices import Art9Condition, LegalBasis
from .review import DPIA_CRITERIA_THRESHOLD, EDPB_CRITERIA, Dpia, DpiaScreening
from .vocabularies import DataSubjectCategory, PersonalDataCategory, RecipientCategory, SecurityMeasure

__all__ = [
    "DPIA_CRITERIA_THRESHOLD",
    "EDPB_CRITERIA",
    "ActivityLegalBasis",
    "Art9Condition",
    "DataSubjectCategory",
    "Dpia",
    "DpiaScreening",
    "LegalBasis",
    "PersonalDataCategory",
    "ProcessingActivity",
    "RecipientCategory",
    "SecurityMeasure",
]
