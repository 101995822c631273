"""The closed lists of the register: Art. 6(1) bases and Art. 9(2) conditions."""

from django.db import models


class LegalBasis(models.TextChoices):
    CONSENT = "consent", "Art. 6(1)(a) consent"
    CONTRACT = "contract", "Art. 6(1)(b) contract"
    LEGAL_OBLIGATION = "legal_obligation", "Art. 6(1)(c) legal obligation"
    VITAL_INTERESTS = "vital_interests", "Art. 6(1)(d) vital interests"
    PUBLIC_TASK = "public_task", "Art. 6(1)(e) public task"
    LEGITIMATE_INTERESTS = "legitimate_interests", "Art. 6(1)(f) legitimate interests"


class Art9Condition(models.TextChoices):
    EXPLICIT_CONSENT = "a", "Art. 9(2)(a) explicit consent"
    EMPLOYMENT = "b", "Art. 9(2)(b) employment and social security law"
    VITAL_INTERESTS = "c", "Art. 9(2)(c) vital interests, subject incapable of consent"
    NOT_FOR_PROFIT = "d", "Art. 9(2)(d) not-for-profit body, members"
    MADE_PUBLIC = "e", "Art. 9(2)(e) made manifestly public by the subject"
    LEGAL_CLAIMS = "f", "Art. 9(2)(f) legal claims or courts"
    SUBSTANTIAL_PUBLIC_INTEREST = "g", "Art. 9(2)(g) substantial public interest"
    HEALTH_CARE = "h", "Art. 9(2)(h) preventive or occupational medicine, health care"
    PUBLIC_HEALTH = "i", "Art. 9(2)(i) public health"
    ARCHIVING_RESEARCH = "j", "Art. 9(2)(j) archiving, research or statistics"


class OwnPurpose(models.TextChoices):
    """Purposes of CallNex's own: fine for its own data, never for customers' (Art. 28(10))."""

    AI_TRAINING = "ai_training", "Training AI models (our own or a third party's)"
    PRODUCT = "product", "Improving or developing CallNex's products"
    OTHER = "other", "Another purpose of CallNex's own"
