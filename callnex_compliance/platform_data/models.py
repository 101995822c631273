"""The platform data the back-office governs: customers, campaigns, contacts, calls and their media.

None of these models keeps a history table: a history row would keep erased personal data alive.
Indexes serve the two heavy paths: "everything about this phone/email" (rights requests) and
"everything that ended before date D in campaign C" (the retention purge).
"""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .fields import E164PhoneField, LowercaseEmailField


class Customer(models.Model):
    """A business that runs call campaigns on CallNex; we are its processor."""

    name = models.CharField(max_length=200, unique=True)
    vat_number = models.CharField("VAT number", max_length=20, blank=True)
    contact_email = LowercaseEmailField("privacy contact email", blank=True)
    contract_started_on = models.DateField()
    contract_ended_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contract_ended_on__isnull=True) | Q(contract_ended_on__gte=models.F("contract_started_on")),
                name="customer_contract_ends_after_start",
                violation_error_message="The contract cannot end before it starts.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """An inbound or outbound call campaign of one customer."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="campaigns")
    name = models.CharField(max_length=200)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["customer", "name"], name="campaign_name_unique_per_customer"),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="campaign_ends_after_start",
                violation_error_message="A campaign cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer} · {self.name}"


class Contact(models.Model):
    """A person on a campaign's contact list."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    phone = E164PhoneField(db_index=True, help_text="Stored in E.164, e.g. +3222345678.")
    email = LowercaseEmailField(blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when a data subject asks for restriction (Art. 18): excluded from exports and dialling.
    processing_restricted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"Contact #{self.pk}"

    @property
    def is_restricted(self) -> bool:
        return self.processing_restricted_at is not None


class CallRecord(models.Model):
    """The metadata of one call: numbers, times, outcome."""

    class Direction(models.TextChoices):
        INBOUND = "inbound", "Inbound"
        OUTBOUND = "outbound", "Outbound"

    class Outcome(models.TextChoices):
        ANSWERED = "answered", "Answered"
        NO_ANSWER = "no_answer", "No answer"
        BUSY = "busy", "Busy"
        VOICEMAIL = "voicemail", "Voicemail"
        FAILED = "failed", "Failed"

    # The (campaign, ended_at) index serves campaign lookups too, so the FK needs no index of its own.
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="calls", db_index=False)
    # Contacts expire before call metadata does: purging a contact keeps the call, unlinked.
    contact = models.ForeignKey(Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="calls")
    remote_number = E164PhoneField(db_index=True, help_text="The other party's number, in E.164.")
    direction = models.CharField(max_length=8, choices=Direction.choices)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(db_index=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)

    class Meta:
        ordering = ["-ended_at"]
        indexes = [models.Index(fields=["campaign", "ended_at"], name="call_campaign_ended_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__gte=models.F("started_at")),
                name="call_ends_after_start",
                violation_error_message="A call cannot end before it starts.",
            )
        ]

    def __str__(self) -> str:
        return f"Call #{self.pk}"

    @property
    def duration_seconds(self) -> int:
        return int((self.ended_at - self.started_at).total_seconds())


def recording_upload_to(instance: "CallRecording", filename: str) -> str:
    """Store recordings by campaign so a bucket lifecycle or an audit can work per campaign."""
    return f"recordings/{instance.call.campaign_id}/{instance.call_id}-{filename}"


class CallRecording(models.Model):
    """The audio of one call, kept in Django storage (an EU object store in production)."""

    call = models.OneToOneField(CallRecord, on_delete=models.CASCADE, related_name="recording")
    audio = models.FileField(upload_to=recording_upload_to, max_length=255)
    duration_seconds = models.PositiveIntegerField()
    size_bytes = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Recording of call #{self.call_id}"


class Transcript(models.Model):
    """The speech-to-text transcript of one call."""

    call = models.OneToOneField(CallRecord, on_delete=models.CASCADE, related_name="transcript")
    language = models.CharField(max_length=8, default="nl")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Transcript of call #{self.call_id}"


# CallNex's own controller data (domain.md "Two GDPR roles"): accounts, billing, support.
# A customer's account users and billing contacts are account data and go with the account; invoices and
# support tickets outlive the customer row (their periods are longer), so they keep the name they were
# issued or opened under.


class AccountUser(models.Model):
    """A person who logs in to the platform for a customer; CallNex is controller of this data."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="account_users")
    name = models.CharField(max_length=200)
    email = LowercaseEmailField(db_index=True)
    phone = E164PhoneField(blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField(null=True, blank=True)
    # Set when the person asks for restriction (Art. 18); never hides the data from their own access.
    processing_restricted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["customer_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["customer", "email"], name="account_user_email_unique_per_customer")
        ]

    def __str__(self) -> str:
        return f"Account user #{self.pk}"


class BillingContact(models.Model):
    """The person who receives a customer's invoices: account data, not a billing record."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="billing_contacts")
    name = models.CharField(max_length=200)
    email = LowercaseEmailField(db_index=True)
    phone = E164PhoneField(blank=True, db_index=True)
    # Set when the person asks for restriction (Art. 18); never hides the data from their own access.
    processing_restricted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["customer_id", "pk"]

    def __str__(self) -> str:
        return f"Billing contact #{self.pk}"


class Invoice(models.Model):
    """An invoice to a customer, kept for the Belgian VAT period (billing records)."""

    customer = models.ForeignKey(Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="invoices")
    number = models.CharField(max_length=30, unique=True)
    issued_on = models.DateField(db_index=True)
    billed_to = models.CharField(max_length=200, help_text="The customer's name as invoiced.")
    sent_to_email = LowercaseEmailField(blank=True, db_index=True, help_text="Where the invoice was sent.")
    total_cents = models.BigIntegerField()

    class Meta:
        ordering = ["-issued_on", "number"]

    def __str__(self) -> str:
        return self.number


class SupportTicket(models.Model):
    """A support conversation with a customer's user, kept for 24 months after it was closed."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    customer = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="support_tickets"
    )
    requester_name = models.CharField(max_length=200)
    requester_email = LowercaseEmailField(db_index=True)
    subject = models.CharField(max_length=300)
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Set when the person asks for restriction (Art. 18); never hides the data from their own access.
    processing_restricted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | Q(status="closed", closed_at__gte=models.F("opened_at")),
                name="ticket_closed_iff_status_closed",
                violation_error_message="A closed ticket needs its closing time, after it was opened.",
            )
        ]

    def __str__(self) -> str:
        return f"Ticket #{self.pk}"


class TicketMessage(models.Model):
    """One message of a support ticket, from the customer's user or from CallNex staff."""

    class Author(models.TextChoices):
        CUSTOMER = "customer", "Customer's user"
        STAFF = "staff", "CallNex support"

    ticket = models.ForeignKey(SupportTicket, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=8, choices=Author.choices)
    body = models.TextField()
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"Message #{self.pk} of ticket #{self.ticket_id}"


class OrganisationProfile(models.Model):
    """The single record of who CallNex is, read by public pages, letters and exports.

    Edit it in admin; nothing else hard-codes these values.
    """

    SINGLETON_PK = 1

    legal_name = models.CharField(max_length=200, default="CallNex BV")
    address = models.TextField(default="Brussels, Belgium")
    contact_email = models.EmailField(default="support@callnex.nl")
    data_protection_subject = models.CharField(
        "data protection email subject", max_length=100, default="Data Protection"
    )
    rights_request_subject = models.CharField(
        "rights request email subject", max_length=100, default="GDPR Rights Request"
    )
    data_protection_contact = models.CharField(
        max_length=200,
        default="Internal data protection contact (no mandatory DPO under Art. 37)",
        help_text="Who oversees data protection; CallNex has no mandatory DPO.",
    )
    dpo_required = models.BooleanField(
        "DPO required (Art. 37)", default=False, help_text="The outcome of the Art. 37 assessment."
    )
    art37_assessment = models.TextField(
        "Art. 37 assessment",
        default=(
            "We do not carry out regular and systematic monitoring of people on a large scale, nor large-scale "
            "processing of special categories, as a core activity, so a DPO is not mandatory. Company size does "
            "not decide this; we review the assessment every year."
        ),
        help_text="Why a DPO is or is not required; shown on the public GDPR page (translated).",
    )
    art37_reviewed_on = models.DateField(
        "Art. 37 assessment reviewed on", null=True, blank=True, help_text="Reviewed at least once a year."
    )
    supervisory_authority_name = models.CharField(
        max_length=200,
        default=(
            "Belgian Data Protection Authority (Gegevensbeschermingsautoriteit / Autorité de protection des données)"
        ),
    )
    supervisory_authority_address = models.TextField(default="Rue de la Presse 35, 1000 Brussels, Belgium")
    supervisory_authority_url = models.URLField(
        "supervisory authority website", default="https://www.dataprotectionauthority.be"
    )
    subprocessor_notice_days = models.PositiveSmallIntegerField(
        "sub-processor notice period (days)",
        default=30,
        help_text="Customers are told at least this many days before a new sub-processor is used.",
    )
    dpa_assistance_days = models.PositiveSmallIntegerField(
        "DPA assistance deadline (days)",
        default=10,
        help_text="Days, from the forwarding, within which the DPA promises to carry out a customer's "
        "instruction on a rights request (processor parts run on this, not on the Art. 12(3) clock).",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "organisation profile"
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="organisation_profile_singleton"),
            models.CheckConstraint(
                condition=Q(subprocessor_notice_days__gte=1),
                name="organisation_notice_period_positive",
                violation_error_message="The notice period must be at least one day.",
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    @classmethod
    def get_solo(cls) -> "OrganisationProfile":
        """Return the organisation profile, creating it with CallNex's defaults on first use."""
        profile, _ = cls.objects.get_or_create(pk=cls.SINGLETON_PK)
        return profile

    @property
    def data_protection_mailto(self) -> str:
        return f"mailto:{self.contact_email}?subject={self.data_protection_subject.replace(' ', '%20')}"

    @property
    def rights_request_mailto(self) -> str:
        return f"mailto:{self.contact_email}?subject={self.rights_request_subject.replace(' ', '%20')}"
