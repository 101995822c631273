"""The sub-processor register (Art. 28), its dated changes, subscribers, proof of notice and objections.

Public fields are listed once in `PUBLIC_FIELDS`; the public page, feed and API read nothing else.
The DPA, its date and the internal notes are private. Transitions (announce, activate, retire) are
services in `services.py`; the models only hold rows, constraints and single-row properties.
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from callnex_compliance.display import human_date
from callnex_compliance.languages import Language
from callnex_compliance.platform_data.fields import LowercaseEmailField

from .eea import outside_eea

# The fields any public output (page, feed, API) may show; everything else on Subprocessor is private.
PUBLIC_FIELDS = (
    "public_name",
    "legal_name",
    "service",
    "purpose",
    "data_categories",
    "locations",
    "remote_access_locations",
    "established_in",
    "transfer_safeguard",
    "safeguard_reference",
    "website",
    "status",
    "effective_from",
)


class SubprocessorQuerySet(models.QuerySet):
    def for_public_display(self) -> "SubprocessorQuerySet":
        """Return announced and active sub-processors with only their public columns loaded."""
        return (
            self.filter(status__in=[Subprocessor.Status.ANNOUNCED, Subprocessor.Status.ACTIVE])
            .only("pk", *PUBLIC_FIELDS)
            .order_by("public_name", "pk")
        )


class TiaOutcome(models.TextChoices):
    SUFFICIENT = "sufficient", "Transfer may proceed"
    SUPPLEMENTARY = "supplementary", "May proceed with supplementary measures"
    INSUFFICIENT = "insufficient", "Transfer may not proceed"


class Subprocessor(models.Model):
    """A third party that processes personal data on CallNex's behalf."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ANNOUNCED = "announced", "Announced (upcoming)"
        ACTIVE = "active", "Active"
        RETIRED = "retired", "Retired"

    class TransferSafeguard(models.TextChoices):
        ADEQUACY = "adequacy", _("Adequacy decision (Art. 45)")
        SCC = "scc", _("Standard Contractual Clauses (Art. 46(2)(c))")
        BCR = "bcr", _("Binding Corporate Rules (Art. 47)")

    # Public
    public_name = models.CharField(max_length=120, help_text="The name customers know, e.g. 'Mollie'.")
    legal_name = models.CharField(max_length=200, help_text="The contracting legal entity, e.g. 'Mollie B.V.'.")
    service = models.CharField(max_length=120, help_text="What it provides, e.g. 'Payment processing'.")
    purpose = models.TextField(help_text="Why we use it, in plain language (shown publicly).")
    data_categories = models.TextField(help_text="Categories of personal data it processes (shown publicly).")
    locations = CountryField(multiple=True, help_text="Every country where it stores or processes the data.")
    remote_access_locations = CountryField(
        multiple=True, blank=True, help_text="Countries from which its staff can access the data (support, operations)."
    )
    established_in = CountryField(blank=True, help_text="Where the legal entity is established (not a location).")
    transfer_safeguard = models.CharField(
        max_length=10,
        choices=TransferSafeguard.choices,
        blank=True,
        help_text="Required when any location is outside the EEA.",
    )
    safeguard_reference = models.CharField(
        max_length=200, blank=True, help_text="E.g. 'SCCs 2021/914, module 3' or the adequacy decision."
    )
    website = models.URLField(blank=True)
    # Private: the roles and transfer tools behind the safeguard (Chapter V).
    processes_customer_data = models.BooleanField(
        default=True, help_text="Processes customers' campaign data, CallNex being processor (SCC module 3)."
    )
    processes_own_data = models.BooleanField(
        default=False, help_text="Processes CallNex's own data, CallNex being controller (SCC module 2, or 1)."
    )
    importer_is_controller = models.BooleanField(
        default=False, help_text="It decides purposes and means itself for CallNex's data (SCC module 1, not 2)."
    )
    scc_modules = models.CharField(
        "SCC modules",
        max_length=7,
        blank=True,
        validators=[RegexValidator(r"^[1-4](,[1-4])*$", "List the modules as digits separated by commas, e.g. 2,3.")],
        help_text="The SCC modules signed, e.g. '2,3'.",
    )
    dpf_checked_on = models.DateField(
        "EU–US DPF certification checked on", null=True, blank=True,
        help_text="Required where the US adequacy decision is relied on: when its active certification was checked.",
    )  # fmt: skip
    tia_completed_on = models.DateField("transfer impact assessment on", null=True, blank=True)
    tia_outcome = models.CharField("TIA outcome", max_length=20, choices=TiaOutcome.choices, blank=True)
    tia_document = models.FileField("TIA document", upload_to="subprocessors/tia/", blank=True, max_length=255)
    uses_ai = models.BooleanField(
        "AI or transcription service", default=False, help_text="Needs a recorded no-training commitment."
    )
    no_training_commitment = models.CharField(
        max_length=300, blank=True, help_text="Where the vendor commits not to train models on the data (clause)."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED, db_index=True)
    effective_from = models.DateField(
        null=True, blank=True, help_text="First day of use; at least the notice period after announcement."
    )
    # Private
    dpa_signed_on = models.DateField("DPA signed on", null=True, blank=True)
    dpa_document = models.FileField("DPA document", upload_to="subprocessors/dpa/", blank=True, max_length=255)
    internal_notes = models.TextField(blank=True)
    announced_at = models.DateTimeField(null=True, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = SubprocessorQuerySet.as_manager()

    class Meta:
        verbose_name = "sub-processor"
        verbose_name_plural = "sub-processors"
        ordering = ["public_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["legal_name", "service"],
                name="subprocessor_unique_entity_service",
                violation_error_message="This legal entity is already registered for this service.",
            ),
            models.CheckConstraint(
                condition=Q(transfer_safeguard="") | ~Q(safeguard_reference=""),
                name="subprocessor_safeguard_has_reference",
                violation_error_message="A transfer safeguard needs a reference (decision or clauses).",
            ),
            models.CheckConstraint(
                condition=~Q(status="announced") | Q(announced_at__isnull=False, effective_from__isnull=False),
                name="subprocessor_announced_has_dates",
                violation_error_message="An announced sub-processor needs an announcement time and an effective date.",
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | Q(activated_at__isnull=False),
                name="subprocessor_active_has_activation",
                violation_error_message="An active sub-processor needs its activation time.",
            ),
            models.CheckConstraint(
                condition=~Q(status="retired") | Q(retired_at__isnull=False),
                name="subprocessor_retired_has_retirement",
                violation_error_message="A retired sub-processor needs its retirement time.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.public_name} ({self.service})"

    def clean(self) -> None:
        if self.requires_transfer_safeguard and not self.transfer_safeguard:
            countries = ", ".join(self.third_country_locations)
            raise ValidationError(
                {"transfer_safeguard": f"Locations outside the EEA ({countries}) need a transfer safeguard."}
            )

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def has_dpa(self) -> bool:
        return self.dpa_signed_on is not None

    @property
    def all_locations(self) -> list[str]:
        """Return the codes of the countries of storage and of remote access, each once."""
        codes = [country.code for country in self.locations]
        return codes + [c.code for c in self.remote_access_locations if c.code not in codes]

    @property
    def third_country_locations(self) -> list[str]:
        """Return the country codes of the locations (storage or remote access) outside the EEA."""
        return outside_eea(self.all_locations)

    @property
    def signed_scc_modules(self) -> set[str]:
        return set(filter(None, self.scc_modules.split(",")))

    @property
    def required_scc_modules(self) -> set[str]:
        """Return the SCC modules the roles call for: 3 for customers' data, 2 (or 1) for CallNex's own."""
        modules = {"3"} if self.processes_customer_data else set()
        if self.processes_own_data:
            modules.add("1" if self.importer_is_controller else "2")
        return modules

    @property
    def requires_transfer_safeguard(self) -> bool:
        return bool(self.third_country_locations)


class SubprocessorChange(models.Model):
    """One dated entry of the public change log; additions and location changes are announced in advance."""

    class Kind(models.TextChoices):
        ADDITION = "addition", _("New sub-processor")
        LOCATION_CHANGE = "location_change", _("Location change")
        RETIREMENT = "retirement", _("Sub-processor removed")

    subprocessor = models.ForeignKey(
        Subprocessor, on_delete=models.PROTECT, related_name="changes", verbose_name="sub-processor"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.TextField(help_text="What changes, in plain language (public).")
    previous_locations = CountryField(multiple=True, blank=True)
    new_locations = CountryField(multiple=True, blank=True)
    announced_at = models.DateTimeField()
    effective_from = models.DateField()
    applied_at = models.DateTimeField(null=True, blank=True, help_text="When the change took effect.")
    withdrawn_at = models.DateTimeField(null=True, blank=True, help_text="When the announcement was withdrawn.")
    notice_subject = models.CharField(max_length=200, blank=True)
    notice_text = models.TextField(blank=True, help_text="The notice as sent to subscribers, kept as proof.")
    dispatched_at = models.DateTimeField(
        null=True, blank=True, help_text="When the notices went out to the customers: the notice period runs from here."
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "sub-processor change"
        verbose_name_plural = "sub-processor changes"
        ordering = ["-effective_from", "-announced_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subprocessor"],
                condition=Q(applied_at__isnull=True, withdrawn_at__isnull=True),
                name="subprocessor_one_pending_change",
                violation_error_message="This sub-processor already has a change waiting to take effect.",
            ),
            models.CheckConstraint(
                condition=Q(applied_at__isnull=True) | Q(withdrawn_at__isnull=True),
                name="subprocessor_change_applied_or_withdrawn",
                violation_error_message="A change that took effect cannot also be withdrawn.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="location_change") | ~Q(new_locations=""),
                name="subprocessor_change_location_has_new_locations",
                violation_error_message="A location change needs the new locations.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subprocessor.public_name} from {human_date(self.effective_from)}"

    @property
    def is_pending(self) -> bool:
        return self.applied_at is None and self.withdrawn_at is None

    @property
    def accepts_objections(self) -> bool:
        return self.is_pending and self.kind != self.Kind.RETIREMENT


class Subscription(models.Model):
    """An email address that receives sub-processor change notices after confirming it (double opt-in).

    No history table: it holds an email address, and unconfirmed rows are purged after 7 days
    (the retention purge calls `services.subscriptions_purge_unconfirmed`); history would keep them.
    """

    email = LowercaseEmailField(unique=True)
    organisation = models.CharField(max_length=200, blank=True, help_text="The customer, if given.")
    # Tokens in links carry this key, never the email address or the row id.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(
        max_length=2,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text="The language of the page the person subscribed on; their e-mails are written in it.",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["confirmed_at", "created_at"], name="subscription_unconfirmed_idx")]

    def __str__(self) -> str:
        return f"Subscription #{self.pk}"

    @property
    def is_receiving(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class NoticeDelivery(models.Model):
    """Proof that one change's notice went to one recipient (a customer or a subscriber): one row per pair.

    Its own columns (recipient, status, attempts, sent_at, message id) are the audit trail, so it keeps
    no history table. Customers' rows go to their contractual notice address (the privacy contact).
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    change = models.ForeignKey(SubprocessorChange, on_delete=models.PROTECT, related_name="deliveries")
    # PROTECT: the proof of notice must outlive an unsubscribe.
    subscription = models.ForeignKey(
        Subscription, on_delete=models.PROTECT, null=True, blank=True, related_name="deliveries"
    )
    customer = models.ForeignKey(
        "platform_data.Customer", on_delete=models.PROTECT, null=True, blank=True, related_name="notice_deliveries"
    )
    recipient = models.EmailField(blank=True, help_text="The address the notice was sent to.")
    message_id = models.CharField(
        "message ID", max_length=255, blank=True, help_text="The Message-ID of the email sent."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # A sender claims a batch by stamping it, so two workers never send the same row.
    claim = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True, help_text="The error type only, no personal data.")

    class Meta:
        verbose_name_plural = "notice deliveries"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["change", "subscription"],
                name="notice_delivery_one_per_subscriber",
                violation_error_message="This subscriber already has a delivery for this change.",
            ),
            models.UniqueConstraint(
                fields=["change", "customer"],
                name="notice_delivery_one_per_customer",
                violation_error_message="This customer already has a delivery for this change.",
            ),
            models.CheckConstraint(
                condition=Q(subscription__isnull=True, customer__isnull=False)
                | Q(subscription__isnull=False, customer__isnull=True),
                name="notice_delivery_one_recipient_kind",
                violation_error_message="A delivery goes either to a customer or to a subscriber.",
            ),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False) | (~Q(status="sent") & Q(sent_at__isnull=True)),
                name="notice_delivery_sent_has_time",
                violation_error_message="A sent notice has a sending time, and only a sent one.",
            ),
        ]

    def __str__(self) -> str:
        to = f"customer #{self.customer_id}" if self.customer_id else f"subscription #{self.subscription_id}"
        return f"Notice of change #{self.change_id} to {to}"


class Objection(models.Model):
    """A customer's objection to an announced change, made through the link in the notice (Art. 28(2)).

    An objection of a customer (made through its own notice) keeps the new sub-processor away from that
    customer's data while open; one from a public subscriber is a message to weigh, bound to no data.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    class Outcome(models.TextChoices):
        WITHDRAWN = "withdrawn", _("Withdrawn by the customer")
        KEPT_OUT = "kept_out", _("Customer's data kept out of the new sub-processor")
        CONTRACT_ENDED = "contract_ended", _("Contract ended")

    change = models.ForeignKey(SubprocessorChange, on_delete=models.PROTECT, related_name="objections")
    subscription = models.ForeignKey(
        Subscription, on_delete=models.PROTECT, null=True, blank=True, related_name="objections"
    )
    customer = models.ForeignKey(
        "platform_data.Customer", on_delete=models.PROTECT, null=True, blank=True, related_name="objections"
    )
    organisation = models.CharField(max_length=200, help_text="The customer objecting.")
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    resolution = models.TextField(blank=True, help_text="How the data protection contact handled it.")
    resolved_at = models.DateTimeField(null=True, blank=True)
    customer_told_at = models.DateTimeField(null=True, blank=True, help_text="When the customer was told the outcome.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["change", "subscription"],
                name="objection_one_per_subscriber_and_change",
                violation_error_message="This subscriber has already objected to this change.",
            ),
            models.UniqueConstraint(
                fields=["change", "customer"],
                name="objection_one_per_customer_and_change",
                violation_error_message="This customer has already objected to this change.",
            ),
            models.CheckConstraint(
                condition=Q(subscription__isnull=True, customer__isnull=False)
                | Q(subscription__isnull=False, customer__isnull=True),
                name="objection_one_objector_kind",
                violation_error_message="An objection comes either from a customer or from a subscriber.",
            ),
            models.CheckConstraint(
                condition=~Q(status="resolved") | ~Q(resolution=""),
                name="objection_resolved_has_resolution",
                violation_error_message="Say how the objection was resolved.",
            ),
        ]

    def __str__(self) -> str:
        return f"Objection #{self.pk} to change #{self.change_id}"


from .dpa_models import CustomerDPA, CustomerExclusion, DpaRequest, Offboarding, SccModule  # noqa: E402

__all__ = [
    "PUBLIC_FIELDS",
    "CustomerDPA",
    "CustomerExclusion",
    "DpaRequest",
    "NoticeDelivery",
    "Objection",
    "Offboarding",
    "SccModule",
    "Subprocessor",
    "SubprocessorChange",
    "Subscription",
    "TiaOutcome",
]
