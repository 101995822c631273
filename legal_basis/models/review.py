"""The privacy review before approval: a DPIA screening against the EDPB criteria, and the DPIA itself."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .activity import ProcessingActivity

# EDPB-endorsed WP248 rev.01: meeting two or more criteria means a DPIA is required in most cases.
DPIA_CRITERIA_THRESHOLD = 2

# (field name, label) of the nine criteria, in the guidelines' order.
EDPB_CRITERIA = (
    ("evaluation_or_scoring", "Evaluation or scoring, incl. profiling and predicting"),
    ("automated_decision_legal_effect", "Automated decision-making with legal or similarly significant effect"),
    ("systematic_monitoring", "Systematic monitoring"),
    ("sensitive_data", "Sensitive data or data of a highly personal nature"),
    ("large_scale", "Data processed on a large scale"),
    ("matching_datasets", "Matching or combining datasets"),
    ("vulnerable_subjects", "Data concerning vulnerable data subjects"),
    ("innovative_technology", "Innovative use or new technological or organisational solutions"),
    ("prevents_exercising_right", "Prevents data subjects from exercising a right or using a service or contract"),
)


def _criterion(label: str) -> models.BooleanField:
    # Null means "not answered yet": a screening counts only once every criterion has an explicit answer.
    return models.BooleanField(label, null=True, blank=True, default=None)


class DpiaScreening(models.Model):
    """The screening of one activity against the nine EDPB criteria, done before build."""

    activity = models.OneToOneField(ProcessingActivity, on_delete=models.CASCADE, related_name="screening")
    evaluation_or_scoring = _criterion(EDPB_CRITERIA[0][1])
    automated_decision_legal_effect = _criterion(EDPB_CRITERIA[1][1])
    systematic_monitoring = _criterion(EDPB_CRITERIA[2][1])
    sensitive_data = _criterion(EDPB_CRITERIA[3][1])
    large_scale = _criterion(EDPB_CRITERIA[4][1])
    matching_datasets = _criterion(EDPB_CRITERIA[5][1])
    vulnerable_subjects = _criterion(EDPB_CRITERIA[6][1])
    innovative_technology = _criterion(EDPB_CRITERIA[7][1])
    prevents_exercising_right = _criterion(EDPB_CRITERIA[8][1])
    notes = models.TextField(blank=True, help_text="Why each criterion is or is not met.")
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    screened_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "DPIA screening"

    def __str__(self) -> str:
        return f"DPIA screening of {self.activity}"

    @property
    def answers(self) -> dict[str, bool | None]:
        return {name: getattr(self, name) for name, _ in EDPB_CRITERIA}

    @property
    def is_complete(self) -> bool:
        return None not in self.answers.values()

    @property
    def criteria_met(self) -> int:
        return sum(1 for answer in self.answers.values() if answer)

    @property
    def dpia_required(self) -> bool:
        return self.criteria_met >= DPIA_CRITERIA_THRESHOLD


class Dpia(models.Model):
    """The full data protection impact assessment (Art. 35) of one activity, signed off once complete."""

    class ResidualRisk(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High (prior consultation, Art. 36)"

    activity = models.OneToOneField(ProcessingActivity, on_delete=models.CASCADE, related_name="dpia")
    reference = models.CharField(max_length=120, blank=True, help_text="Document reference, e.g. 'DPIA-2026-03'.")
    conclusion = models.TextField(blank=True, help_text="The risks found and the measures that address them.")
    residual_risk = models.CharField(max_length=6, choices=ResidualRisk.choices, blank=True)
    prior_consultation_reference = models.CharField(
        "prior consultation (Art. 36)",
        max_length=200,
        blank=True,
        help_text="Required when the residual risk stays high: the supervisory authority's file reference.",
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "DPIA"
        verbose_name_plural = "DPIAs"
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_off_by__isnull=True, signed_off_at__isnull=True)
                | Q(signed_off_by__isnull=False, signed_off_at__isnull=False),
                name="dpia_sign_off_has_who_and_when",
                violation_error_message="A sign-off records both who signed and when.",
            ),
        ]

    def __str__(self) -> str:
        return f"DPIA of {self.activity}"

    @property
    def missing(self) -> list[str]:
        """Return what the DPIA still lacks before it counts as complete."""
        missing = [
            label
            for label, value in (
                ("a reference", self.reference),
                ("a conclusion", self.conclusion),
                ("the residual risk", self.residual_risk),
            )
            if not value
        ]
        if self.residual_risk == self.ResidualRisk.HIGH and not self.prior_consultation_reference:
            missing.append("the prior consultation of the supervisory authority (high residual risk)")
        if self.signed_off_at is None:
            missing.append("a sign-off")
        return missing

    @property
    def is_complete(self) -> bool:
        return not self.missing
