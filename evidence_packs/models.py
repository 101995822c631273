"""The record that an evidence pack was generated: who, when, for which period, and the ZIP's hash.

The pack itself is handed over, not stored; its history row puts every generation in the audit trail.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords


class EvidencePack(models.Model):
    """One generated evidence pack (Art. 5(2), Art. 31): metadata and hash only, no personal data."""

    class Language(models.TextChoices):
        EN = "en", "English"
        NL = "nl", "Nederlands"
        FR = "fr", "Français"

    period_from = models.DateField()
    period_to = models.DateField()
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.EN)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    generated_at = models.DateTimeField()
    generator_version = models.CharField(max_length=100)
    files = models.PositiveIntegerField(help_text="Files in the ZIP, the manifest included.")
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256 of the ZIP", max_length=64)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-generated_at"]
        permissions = [("generate_evidencepack", "Can generate the evidence pack")]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__gte=F("period_from")),
                name="evidence_pack_period_in_order",
                violation_error_message="The period ends before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"Evidence pack {self.period_from}–{self.period_to} ({self.language})"
