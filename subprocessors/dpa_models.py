"""The customers' side of Art. 28: each customer's DPA, and the sub-processors kept away from its data.

Imported by `models.py`, so these are models of the `subprocessors` app. The customer's privacy contact
stays on `Customer.contact_email` (the source of truth for notices and forwarded rights requests); a
DPA keeps a snapshot of it as it stood when the DPA was made.
"""

import uuid

from django.db import models
from django.db.models import Q
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from .eea import EEA_COUNTRIES


class SccModule(models.TextChoices):
    """The four modules of the Standard Contractual Clauses (Commission Decision 2021/914)."""

    C2C = "1", "Module 1 (controller to controller)"
    C2P = "2", "Module 2 (controller to processor)"
    P2P = "3", "Module 3 (processor to processor)"
    P2C = "4", "Module 4 (processor to controller)"


class CustomerDPA(models.Model):
    """One DPA version binding one customer: how it was concluded, its instructions and its annex snapshot."""

    class Conclusion(models.TextChoices):
        TERMS = "terms", "Accepted with the terms of service"
        COUNTERSIGNED = "countersigned", "Countersigned copy"

    class EndOfContract(models.TextChoices):
        RETURN_THEN_DELETE = "return_then_delete", "Return all data, then delete it"
        DELETE = "delete", "Delete all data"

    customer = models.ForeignKey("platform_data.Customer", on_delete=models.PROTECT, related_name="dpas")
    template_version = models.CharField(max_length=20, help_text="The DPA template version, e.g. '2026.1'.")
    conclusion = models.CharField(max_length=15, choices=Conclusion.choices, default=Conclusion.TERMS)
    effective_from = models.DateField(help_text="The day the customer is bound (usually the contract start).")
    signed_on = models.DateField(null=True, blank=True, help_text="Countersigned copies: the date of signature.")
    customer_signatory = models.CharField(max_length=200, blank=True, help_text="Name and title.")
    callnex_signatory = models.CharField("CallNex signatory", max_length=200, blank=True)
    privacy_contact = models.EmailField(
        help_text="Snapshot of the customer's privacy contact at signature; notices use the customer's current one."
    )
    customer_country = CountryField(default="BE", help_text="Where the customer (the controller) is established.")
    scc_module = models.CharField(
        "SCC module", max_length=1, choices=SccModule.choices, blank=True,
        help_text="Required for a customer outside the EEA (module 4 for returning data to it).",
    )  # fmt: skip
    processing_activities = models.ManyToManyField(
        "legal_basis.ProcessingActivity",
        blank=True,
        related_name="customer_dpas",
        help_text="The documented instructions (Art. 28(3)(a)): the processing activities done for this customer.",
    )
    campaigns = models.ManyToManyField(
        "platform_data.Campaign", blank=True, related_name="dpas", help_text="Leave empty for every campaign."
    )
    subprocessor_snapshot = models.JSONField(
        "sub-processors at signature",
        default=list,
        blank=True,
        help_text="The sub-processors (Annex III) as they stood when concluded.",
    )
    end_of_contract = models.CharField(
        "choice at the end of the contract", max_length=20, choices=EndOfContract.choices,
        default=EndOfContract.RETURN_THEN_DELETE,
    )  # fmt: skip
    end_of_contract_days = models.PositiveSmallIntegerField(
        "deletion period (days)", default=30, help_text="Days after the contract ends within which data is deleted."
    )
    signed_document = models.FileField(upload_to="dpas/signed/", blank=True, max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[processing_activities, campaigns])

    class Meta:
        verbose_name = "customer DPA"
        ordering = ["customer__name", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "template_version"],
                name="customer_dpa_one_per_version",
                violation_error_message="This customer already has a DPA of this template version.",
            ),
            models.CheckConstraint(
                condition=~Q(conclusion="countersigned")
                | (Q(signed_on__isnull=False) & ~Q(customer_signatory="") & ~Q(callnex_signatory="")),
                name="customer_dpa_countersigned_has_signature",
                violation_error_message="A countersigned DPA records its date and both signatories.",
            ),
            models.CheckConstraint(
                condition=Q(customer_country__in=sorted(EEA_COUNTRIES)) | ~Q(scc_module=""),
                name="customer_dpa_outside_eea_has_scc_module",
                violation_error_message="A customer outside the EEA needs an SCC module (usually module 4).",
            ),
            models.CheckConstraint(
                condition=Q(end_of_contract_days__gte=1, end_of_contract_days__lte=365),
                name="customer_dpa_end_period_range",
                violation_error_message="The deletion period is between 1 and 365 days.",
            ),
        ]

    def __str__(self) -> str:
        return f"DPA {self.template_version} with {self.customer}"


class CustomerExclusion(models.Model):
    """A sub-processor kept away from one customer's data: while its objection is open, or for good."""

    class Reason(models.TextChoices):
        OPEN_OBJECTION = "open_objection", "Objection still open"
        KEPT_OUT = "kept_out", "Customer's data kept out (objection upheld)"

    subprocessor = models.ForeignKey(
        "Subprocessor", on_delete=models.PROTECT, related_name="exclusions", verbose_name="sub-processor"
    )
    customer = models.ForeignKey("platform_data.Customer", on_delete=models.PROTECT, related_name="exclusions")
    objection = models.ForeignKey("Objection", on_delete=models.PROTECT, related_name="exclusions")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True, help_text="When the sub-processor may process the data.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subprocessor", "customer"],
                condition=Q(ended_at__isnull=True),
                name="customer_exclusion_one_current",
                violation_error_message="This customer's data is already kept away from this sub-processor.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subprocessor.public_name} kept away from {self.customer}"


class DpaRequest(models.Model):
    """A request, made on the public form, for a countersigned copy of the DPA (double opt-in).

    No history table: it holds a person's name and address. Unconfirmed requests are deleted after
    7 days by the retention purge (category "unconfirmed subscriptions", `dpa_requests_purge_unconfirmed`),
    confirmed ones after the "DPA requests" period (12 months by default, `dpa_requests_purge_confirmed`).
    """

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", "Awaiting e-mail confirmation"
        CONFIRMED = "confirmed", "To prepare"
        GENERATED = "generated", "DPA generated, awaiting signature"
        SIGNED = "signed", "Signed copy received"

    company = models.CharField(max_length=200)
    vat_number = models.CharField("VAT number", max_length=20, blank=True)
    requester_name = models.CharField(max_length=200)
    requester_title = models.CharField(max_length=200, blank=True, help_text="E.g. 'CEO': who signs.")
    email = models.EmailField()
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNCONFIRMED, db_index=True)
    customer = models.ForeignKey(
        "platform_data.Customer", on_delete=models.PROTECT, null=True, blank=True, related_name="dpa_requests",
        help_text="The customer this request is for; set by the data protection contact.",
    )  # fmt: skip
    dpa = models.ForeignKey(
        CustomerDPA, on_delete=models.PROTECT, null=True, blank=True, related_name="requests", verbose_name="DPA"
    )
    document = models.FileField(upload_to="dpas/generated/", blank=True, max_length=255)
    generated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "DPA request"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="unconfirmed") | Q(confirmed_at__isnull=False),
                name="dpa_request_confirmed_has_time",
                violation_error_message="A confirmed request records when it was confirmed.",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["generated", "signed"]) | Q(dpa__isnull=False, generated_at__isnull=False),
                name="dpa_request_generated_has_dpa",
                violation_error_message="A generated request names its DPA and when it was generated.",
            ),
        ]

    def __str__(self) -> str:
        return f"DPA request #{self.pk} ({self.company})"


class Offboarding(models.Model):
    """The end of a customer's contract (Art. 28(3)(g)): its data returned and/or deleted, and certified.

    Holds no personal data itself (counts and grounds only); the export file is the customer's data and
    is deleted with it.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        EXPORTED = "exported", "Data exported for the customer"
        DELETED = "deleted", "Data deleted, certificate issued"

    customer = models.OneToOneField("platform_data.Customer", on_delete=models.PROTECT, related_name="offboarding")
    dpa = models.ForeignKey(
        CustomerDPA, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="DPA"
    )
    choice = models.CharField(max_length=20, choices=CustomerDPA.EndOfContract.choices)
    contract_ended_on = models.DateField()
    delete_by = models.DateField(help_text="The end of the agreed deletion period.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED, db_index=True)
    export = models.FileField(upload_to="dpas/offboarding/", blank=True, max_length=255)
    exported_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_counts = models.JSONField(default=dict, blank=True)
    kept = models.JSONField(default=list, blank=True, help_text="What was kept, with its ground (e.g. a legal hold).")
    certificate_text = models.TextField(blank=True)
    certificate_sent_to = models.EmailField(blank=True)
    certificate_sent_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["delete_by"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="deleted") | Q(deleted_at__isnull=False),
                name="offboarding_deleted_has_time",
                violation_error_message="A finished offboarding records when the data was deleted.",
            )
        ]

    def __str__(self) -> str:
        return f"Offboarding of {self.customer}"
