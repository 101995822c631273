"""A customer's shorter retention window for one of its campaigns."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from callnex_compliance.platform_data.models import Campaign

from .policies import CAMPAIGN_CATEGORIES, DataCategory, RetentionPolicy


class CampaignRetentionOverride(models.Model):
    """Keep one category of a campaign's data for `days` days instead of the platform period.

    Only ever shorter: `clean()` rejects a longer window with a message, and the purge also uses the
    platform period whenever that is shorter (a policy may be shortened after the override was set).
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="retention_overrides")
    category = models.CharField(max_length=32, choices=[(c.value, c.label) for c in CAMPAIGN_CATEGORIES])
    days = models.PositiveIntegerField(
        help_text="Keep for this many days after the anchor date (0: at the next purge)."
    )
    requested_by = models.CharField(
        max_length=100,
        help_text="Opaque reference of who asked: the platform's customer-user id or a ticket number. No names.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "campaign retention override"
        permissions = [("act_for_customers", "Can set campaign retention windows on a customer's behalf (API)")]
        ordering = ["campaign_id", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "category"],
                name="retention_override_one_per_campaign_category",
                violation_error_message="This campaign already has a window for this category; change that one.",
            ),
            models.CheckConstraint(
                condition=Q(days__gte=0),
                name="retention_override_days_not_negative",
                violation_error_message="A retention window cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(category__in=[c.value for c in CAMPAIGN_CATEGORIES]),
                name="retention_override_campaign_category",
                violation_error_message="Only recordings, transcripts, call records and contacts can be shortened.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} · {self.get_category_display()}: {self.days} days"

    def clean(self) -> None:
        """Reject a window longer than the platform policy of the category."""
        super().clean()
        if self.days is None or self.category not in DataCategory.values:
            return
        policy = RetentionPolicy.objects.filter(category=self.category).first()
        if policy is None:
            return
        limit = policy.max_days(timezone.now())
        if self.days > limit:
            raise ValidationError(
                {
                    "days": f"A campaign can only shorten retention: the platform keeps "
                    f"{policy.get_category_display().lower()} for {policy.period_display} ({limit} days). "
                    f"Enter {limit} days or fewer."
                }
            )
