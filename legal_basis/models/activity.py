"""The processing activity (Art. 30) and the Art. 6(1) bases it relies on.

Third-country transfers and retention periods are not stored here: they are derived from the linked
sub-processors and from the retention policies of the linked data categories (see `selectors.py`), so
the register never holds a second, stale copy. Status changes and sign-offs are services.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .choices import Art9Condition, LegalBasis, OwnPurpose
from .vocabularies import DataSubjectCategory, PersonalDataCategory, RecipientCategory, SecurityMeasure


class ProcessingActivity(models.Model):
    """One processing activity of the register, in the controller or the processor role."""

    class Role(models.TextChoices):
        CONTROLLER = "controller", "Controller (Art. 30(1))"
        PROCESSOR = "processor", "Processor for customers (Art. 30(2))"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        APPROVED = "approved", "Approved"
        RETIRED = "retired", "Retired"

    name = models.CharField(max_length=150, unique=True)
    purpose = models.TextField(help_text="Why the data is processed (Art. 30(1)(b)).")
    description = models.TextField(blank=True, help_text="What is done with the data, by which systems.")
    role = models.CharField(max_length=10, choices=Role.choices)
    customers = models.ManyToManyField(
        "platform_data.Customer",
        blank=True,
        related_name="processing_activities",
        help_text="Processor role: the customers (controllers) this is done for.",
    )
    all_customers = models.BooleanField(
        "for every customer",
        default=False,
        help_text="Processor role: done for every customer with a current contract, under the standard DPA.",
    )
    legitimate_interests_assessment = models.TextField(
        blank=True, help_text="Basis (f): the interest, why the processing is necessary, the balancing test."
    )
    consent_mechanism = models.TextField(
        "how consent is collected and withdrawn", blank=True, help_text="Required for basis (a)."
    )
    special_categories = models.BooleanField(
        "processes special categories (Art. 9)", default=False, help_text="Needs an Art. 9(2) condition."
    )
    art9_condition = models.CharField("Art. 9(2) condition", max_length=1, choices=Art9Condition.choices, blank=True)
    data_subject_categories = models.ManyToManyField(DataSubjectCategory, blank=True, related_name="activities")
    personal_data_categories = models.ManyToManyField(PersonalDataCategory, blank=True, related_name="activities")
    recipient_categories = models.ManyToManyField(RecipientCategory, blank=True, related_name="activities")
    subprocessors = models.ManyToManyField(
        "subprocessors.Subprocessor",
        blank=True,
        related_name="processing_activities",
        verbose_name="sub-processors",
        help_text="Third-country transfers are derived from these sub-processors' locations.",
    )
    security_measures = models.ManyToManyField(SecurityMeasure, blank=True, related_name="activities")
    # The public GDPR page (gdpr_page) lists the approved activities shown publicly, in these words.
    shown_publicly = models.BooleanField(
        "shown on the public GDPR page",
        default=False,
        help_text="Listed under 'legal basis per activity' once approved; needs a public title and wording.",
    )
    public_title = models.CharField(max_length=150, blank=True, help_text="The activity's name for the public.")
    public_wording = models.TextField(
        blank=True, help_text="What we do and on which basis, in plain language (shown publicly, translated)."
    )
    own_purpose = models.CharField(
        "purpose of CallNex's own",
        max_length=12,
        choices=OwnPurpose.choices,
        blank=True,
        help_text="Set when the activity serves a purpose of CallNex's own, e.g. training AI models. "
        "Customers' data may never be used so (Art. 28(10)); compliance_check flags it.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_processing_activities",
        limit_choices_to={"is_staff": True},
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(
        default=12, help_text="On approval the next review is set this many months ahead."
    )
    next_review_on = models.DateField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        m2m_fields=[
            customers,
            data_subject_categories,
            personal_data_categories,
            recipient_categories,
            subprocessors,
            security_measures,
        ]
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "processing activities"
        permissions = [("approve_processingactivity", "Can approve processing activities")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="approved")
                | Q(approved_by__isnull=False, approved_at__isnull=False, next_review_on__isnull=False),
                name="activity_approved_has_approval_and_review",
                violation_error_message="An approved activity records who approved it, when, and its next review.",
            ),
            models.CheckConstraint(
                condition=~Q(status="retired") | Q(retired_at__isnull=False),
                name="activity_retired_has_time",
                violation_error_message="A retired activity records when it was retired.",
            ),
            models.CheckConstraint(
                condition=Q(review_interval_months__gte=1, review_interval_months__lte=36),
                name="activity_review_interval_range",
                violation_error_message="The review interval is between 1 and 36 months.",
            ),
            models.CheckConstraint(
                condition=Q(shown_publicly=False) | (~Q(public_title="") & ~Q(public_wording="")),
                name="activity_shown_publicly_has_wording",
                violation_error_message="An activity shown on the public GDPR page needs a public title and wording.",
            ),
            models.CheckConstraint(
                condition=Q(role="processor") | Q(all_customers=False),
                name="activity_all_customers_only_for_processor",
                violation_error_message="Only a processor activity is done for customers.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_processor(self) -> bool:
        return self.role == self.Role.PROCESSOR


class ActivityLegalBasis(models.Model):
    """One Art. 6(1) basis a controller activity relies on, with the part of the processing it covers."""

    activity = models.ForeignKey(ProcessingActivity, on_delete=models.CASCADE, related_name="legal_bases")
    basis = models.CharField(max_length=24, choices=LegalBasis.choices)
    justification = models.CharField(
        max_length=300, blank=True, help_text="What it covers, e.g. 'keeping invoices 7 years (VAT Code art. 60)'."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["basis"]
        verbose_name = "legal basis (Art. 6(1))"
        verbose_name_plural = "legal bases (Art. 6(1))"
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "basis"],
                name="activity_basis_unique",
                violation_error_message="This basis is already recorded for the activity.",
            )
        ]

    def __str__(self) -> str:
        return self.get_basis_display()
