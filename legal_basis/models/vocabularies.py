"""Managed vocabularies: categories of data subjects, personal data and recipients; Art. 32 measures."""

from django.db import models
from simple_history.models import HistoricalRecords

from retention.models import DataCategory


class Vocabulary(models.Model):
    """A managed term of the register; names are unique so the same thing is never typed twice."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DataSubjectCategory(Vocabulary):
    history = HistoricalRecords()

    class Meta(Vocabulary.Meta):
        verbose_name = "category of data subjects"
        verbose_name_plural = "categories of data subjects"


class PersonalDataCategory(Vocabulary):
    """A category of personal data; its retention comes from the retention policy it maps to."""

    is_special_category = models.BooleanField(
        "special category (Art. 9)", default=False, help_text="Health, biometric, beliefs, union membership, ..."
    )
    retention_category = models.CharField(
        max_length=40,
        choices=DataCategory.choices,
        blank=True,
        help_text="The retention-schedule category whose policy sets how long this data is kept.",
    )
    history = HistoricalRecords()

    class Meta(Vocabulary.Meta):
        verbose_name = "category of personal data"
        verbose_name_plural = "categories of personal data"


class RecipientCategory(Vocabulary):
    history = HistoricalRecords()

    class Meta(Vocabulary.Meta):
        verbose_name = "category of recipients"
        verbose_name_plural = "categories of recipients"


class SecurityMeasure(Vocabulary):
    """One entry of the catalogue of Art. 32 technical and organisational measures."""

    class Kind(models.TextChoices):
        TECHNICAL = "technical", "Technical"
        ORGANISATIONAL = "organisational", "Organisational"

    kind = models.CharField(max_length=14, choices=Kind.choices, default=Kind.TECHNICAL)
    public_summary = models.TextField(
        blank=True, help_text="One or two sentences for the public GDPR page (translated); blank: not shown."
    )
    history = HistoricalRecords()

    class Meta(Vocabulary.Meta):
        verbose_name = "security measure (Art. 32)"
        verbose_name_plural = "security measures (Art. 32)"
