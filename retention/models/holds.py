"""Legal holds: litigation or an authority inquiry suspends deletion of what they cover."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from callnex_compliance.platform_data.models import CallRecord, Campaign, Contact, Customer


class HoldScope(models.TextChoices):
    CUSTOMER = "customer", "Customer (all its campaigns)"
    CAMPAIGN = "campaign", "Campaign (its contacts and calls)"
    CONTACT = "contact", "Contact (and its calls)"
    CALL = "call", "Single call (with recording and transcript)"
    RIGHTS_REQUEST = "rights_request", "Rights-request file (stops its anonymisation)"


TARGET_FIELDS = ("customer", "campaign", "contact", "call", "rights_request")


def _target(model, scope: str):
    # No database constraint: a hold is an audit record that outlives its target once released, and
    # the purge deletes in raw batches that a constraint on this table would block.
    return models.ForeignKey(
        model,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        help_text=f"Fill in when the scope is {scope}.",
    )


def _only(scope: str) -> Q:
    targets = {field: field == scope for field in TARGET_FIELDS}
    return Q(scope=scope, **{f"{field}__isnull": not is_target for field, is_target in targets.items()})


class LegalHold(models.Model):
    """Keep everything in scope from being purged or anonymised until the hold is released."""

    scope = models.CharField(max_length=14, choices=HoldScope.choices)
    customer = _target(Customer, "customer")
    campaign = _target(Campaign, "campaign")
    contact = _target(Contact, "contact")
    call = _target(CallRecord, "call")
    rights_request = _target("rights_requests.RightsRequest", "rights request")
    reason = models.TextField(help_text="Why the data must be kept, e.g. the claim or inquiry. No personal data.")
    reference = models.CharField(max_length=100, help_text="Case, court or authority reference.")
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    placed_at = models.DateTimeField()
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    released_at = models.DateTimeField(null=True, blank=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-placed_at"]
        constraints = [
            models.CheckConstraint(
                condition=_only("customer")
                | _only("campaign")
                | _only("contact")
                | _only("call")
                | _only("rights_request"),
                name="legal_hold_target_matches_scope",
                violation_error_message=(
                    "Choose exactly the customer, campaign, contact, call or rights request the scope names."
                ),
            ),
            models.CheckConstraint(
                condition=Q(released_at__isnull=True) | Q(released_at__gte=models.F("placed_at")),
                name="legal_hold_released_after_placed",
                violation_error_message="A hold cannot be released before it was placed.",
            ),
        ]

    def __str__(self) -> str:
        return f"Hold {self.reference} on {self.scope} #{self.target_id}"

    @property
    def target_id(self) -> int | None:
        return getattr(self, f"{self.scope}_id", None)

    @property
    def is_active(self) -> bool:
        return self.released_at is None
