"""Personal-data breaches (Art. 33–34): the register, its scope, the notifications sent and the lessons.

Every breach is documented, notified or not (Art. 33(5)). State changes go through `services.py`.
The lists of affected people and the customer notices hold personal data: they keep no history table
and have retention categories the nightly purge enforces.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from callnex_compliance.platform_data.fields import E164PhoneField, LowercaseEmailField
from callnex_compliance.platform_data.models import Campaign, Customer
from legal_basis.models import SecurityMeasure
from subprocessors.models import Subprocessor

# Art. 33(1): "not later than 72 hours after having become aware of it" — real elapsed hours.
AUTHORITY_DEADLINE = dt.timedelta(hours=72)
RED_UNDER = dt.timedelta(hours=24)


class BreachDataCategory(models.TextChoices):
    """What the breach touched; the first four are customers' campaign data (CallNex is processor)."""

    CALL_RECORDS = "call_records", "Call records (metadata)"
    CALL_RECORDINGS = "call_recordings", "Call recordings"
    TRANSCRIPTS = "transcripts", "Transcripts"
    CAMPAIGN_CONTACTS = "campaign_contacts", "Campaign contacts"
    CUSTOMER_ACCOUNTS = "customer_accounts", "Customer account users"
    BILLING = "billing", "Billing contacts and invoices"
    SUPPORT_TICKETS = "support_tickets", "Support tickets"
    WEBSITE_MARKETING = "website_marketing", "Website and marketing contacts"


PLATFORM_CATEGORIES = (
    BreachDataCategory.CALL_RECORDS,
    BreachDataCategory.CALL_RECORDINGS,
    BreachDataCategory.TRANSCRIPTS,
    BreachDataCategory.CAMPAIGN_CONTACTS,
)


class Incident(models.Model):
    """One personal-data breach, from the moment CallNex became aware of it to its closure."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        ASSESSED = "assessed", "Assessed"
        CONTAINED = "contained", "Contained"
        CLOSED = "closed", "Closed"

    class Likelihood(models.TextChoices):
        REMOTE = "remote", "Remote"
        POSSIBLE = "possible", "Possible"
        LIKELY = "likely", "Likely"
        CERTAIN = "certain", "Almost certain"

    class Severity(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"
        VERY_HIGH = "very_high", "Very high"

    class RiskOutcome(models.TextChoices):
        UNLIKELY = "unlikely", "Unlikely to result in a risk (documented only)"
        RISK = "risk", "Risk (notify the authority within 72 h)"
        HIGH = "high", "High risk (also inform the people, Art. 34)"

    class Art34Exception(models.TextChoices):
        NONE = "", "None"
        UNINTELLIGIBLE = "unintelligible", "(a) Data unintelligible to others, e.g. encrypted"
        MITIGATED = "mitigated", "(b) Later measures make the high risk no longer likely"
        DISPROPORTIONATE = "disproportionate", "(c) Disproportionate effort: public communication instead"

    reference = models.CharField(max_length=20, unique=True, editable=False)
    title = models.CharField(max_length=200)
    description = models.TextField(help_text="What happened (Art. 33(3)(a)).")
    cause = models.TextField(blank=True)
    systems = models.TextField("systems involved", blank=True)
    data_categories = models.JSONField(default=list, blank=True, help_text="Codes of the data categories involved.")
    occurred_at = models.DateTimeField("occurred at", null=True, blank=True)
    detected_at = models.DateTimeField("detected at", null=True, blank=True)
    aware_at = models.DateTimeField(
        "aware at", help_text="When CallNex became aware it is a personal-data breach: the 72-hour clock starts here."
    )
    affects_own_data = models.BooleanField(
        "CallNex's own data involved",
        default=False,
        help_text="Data CallNex controls (accounts, billing, support, website): the controller duties apply.",
    )
    approximate_people = models.PositiveIntegerField("approximate number of people (own data)", null=True, blank=True)
    approximate_records = models.PositiveIntegerField("approximate number of records (own data)", null=True, blank=True)
    consequences = models.TextField("likely consequences", blank=True, help_text="Art. 33(3)(c).")
    measures_taken = models.TextField(
        "measures taken or proposed", blank=True, help_text="Art. 33(3)(d), including to mitigate adverse effects."
    )
    # Scope: what the breach touched on the platform.
    customers = models.ManyToManyField(Customer, blank=True, related_name="+")
    campaigns = models.ManyToManyField(Campaign, blank=True, related_name="+")
    subprocessors = models.ManyToManyField(Subprocessor, blank=True, related_name="+", verbose_name="sub-processors")
    platform_wide = models.BooleanField(
        "all customers' campaigns", default=False, help_text="E.g. a breach at a sub-processor every campaign uses."
    )
    window_start = models.DateTimeField(null=True, blank=True)
    window_end = models.DateTimeField(null=True, blank=True)
    people_in_scope = models.PositiveIntegerField(null=True, blank=True, editable=False)
    records_in_scope = models.JSONField(default=dict, blank=True, editable=False)
    scope_counted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Risk assessment of CallNex's own data (EDPB Guidelines 9/2022, examples in 01/2021).
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN, editable=False)
    likelihood = models.CharField(max_length=10, choices=Likelihood.choices, blank=True, editable=False)
    severity = models.CharField(max_length=10, choices=Severity.choices, blank=True, editable=False)
    risk_outcome = models.CharField(max_length=10, choices=RiskOutcome.choices, blank=True, editable=False)
    risk_reasons = models.TextField(blank=True, editable=False)
    art34_exception = models.CharField(
        "Art. 34(3) exception", max_length=20, choices=Art34Exception.choices, blank=True, editable=False
    )
    art34_exception_reason = models.TextField(blank=True, editable=False)
    assessed_at = models.DateTimeField(null=True, blank=True, editable=False)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    contained_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    weak_measures = models.ManyToManyField(
        SecurityMeasure, blank=True, related_name="+", help_text="Art. 32 measures of the register this breach exposed."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-aware_at"]
        permissions = [
            ("assess_incident", "Can assess a breach's risk (data protection contact only)"),
            ("notify_incident", "Can notify a breach (data protection contact only)"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_start__isnull=True)
                | Q(window_end__isnull=True)
                | Q(window_end__gt=models.F("window_start")),
                name="incident_window_ends_after_start",
                violation_error_message="The time window must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(detected_at__isnull=True) | Q(aware_at__gte=models.F("detected_at")),
                name="incident_aware_after_detected",
                violation_error_message="CallNex cannot become aware of a breach before it was detected.",
            ),
            models.CheckConstraint(
                condition=Q(occurred_at__isnull=True) | Q(aware_at__gte=models.F("occurred_at")),
                name="incident_aware_after_occurred",
                violation_error_message="CallNex cannot become aware of a breach before it occurred.",
            ),
            models.CheckConstraint(
                condition=Q(art34_exception="") | ~Q(art34_exception_reason=""),
                name="incident_art34_exception_has_reason",
                violation_error_message="Explain why the Art. 34(3) exception applies.",
            ),
            models.CheckConstraint(
                condition=~Q(state="closed") | Q(closed_at__isnull=False),
                name="incident_closed_has_date",
                violation_error_message="A closed incident needs its closing time.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.title}"

    @property
    def authority_deadline(self) -> dt.datetime:
        """Return aware_at + 72 real hours (UTC arithmetic: a DST change does not move it)."""
        return self.aware_at.astimezone(dt.UTC) + AUTHORITY_DEADLINE

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED

    @property
    def needs_authority(self) -> bool | None:
        """Return whether the authority must be told; None while CallNex's own data is not yet assessed."""
        if not self.affects_own_data:
            return False
        if not self.risk_outcome:
            return None
        return self.risk_outcome in (self.RiskOutcome.RISK, self.RiskOutcome.HIGH)

    @property
    def needs_people(self) -> bool:
        return self.affects_own_data and self.risk_outcome == self.RiskOutcome.HIGH and not self.art34_exception

    def get_data_categories_display(self) -> str:
        labels = dict(BreachDataCategory.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.data_categories)


class IncidentEvent(models.Model):
    """One entry of an incident's append-only timeline; the message never holds personal data."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        NOTE = "note", "Note"
        SCOPE_COUNTED = "scope_counted", "Scope counted"
        ASSESSED = "assessed", "Risk assessed"
        CONTAINED = "contained", "Contained"
        CLOSED = "closed", "Closed"
        CUSTOMERS_NOTIFIED = "customers_notified", "Customers notified"
        AUTHORITY_NOTIFIED = "authority_notified", "Authority notified"
        PEOPLE_INFORMED = "people_informed", "People informed"
        ACTION = "action", "Corrective action"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    message = models.CharField(max_length=500)
    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "timeline event"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.message}"


class ScopeCount(models.Model):
    """What the scope holds of one customer's data when last counted: counts only, never the data."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="scope_counts")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    people = models.PositiveIntegerField(default=0)
    calls = models.PositiveIntegerField(default=0)
    recordings = models.PositiveIntegerField(default=0)
    transcripts = models.PositiveIntegerField(default=0)
    contacts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["customer__name"]
        constraints = [models.UniqueConstraint(fields=["incident", "customer"], name="breach_scope_count_unique")]

    def __str__(self) -> str:
        return f"{self.customer}: {self.people} people"


class CustomerNotice(models.Model):
    """One notice of a breach sent to one affected customer's privacy contact (Art. 33(2)), kept as proof."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial notice"
        FOLLOW_UP = "follow_up", "Follow-up"

    class Outcome(models.TextChoices):
        SENT = "sent", "Sent"
        FAILED = "failed", "Sending failed"
        NO_ADDRESS = "no_address", "No privacy contact address"

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="customer_notices")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    recipient = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField("message ID", max_length=255, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    redacted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "customer"],
                condition=Q(kind="initial", outcome="sent"),
                name="breach_one_initial_notice_per_customer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.customer}"


class AuthorityNotification(models.Model):
    """One phase of the notification to the supervisory authority (Art. 33(1), (4))."""

    class Phase(models.TextChoices):
        INITIAL = "initial", "Initial notification"
        FOLLOW_UP = "follow_up", "Follow-up (further information)"

    class Language(models.TextChoices):
        NL = "nl", "Nederlands"
        FR = "fr", "Français"
        EN = "en", "English"

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="authority_notifications")
    phase = models.CharField(max_length=10, choices=Phase.choices)
    language = models.CharField(max_length=2, choices=Language.choices)
    content = models.TextField(help_text="The text submitted, generated from the record.")
    submitted_at = models.DateTimeField()
    authority_reference = models.CharField(max_length=100, blank=True)
    late_reason = models.TextField("reasons for the delay", blank=True, help_text="Required after 72 hours.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident"], condition=Q(phase="initial"), name="breach_one_initial_authority_notification"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} of {self.incident.reference}"


class AffectedPerson(models.Model):
    """A person to inform of a high-risk breach (Art. 34): by e-mail when we hold an address, else listed."""

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        OTHER = "other", "Other means (post, phone)"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="affected_people")
    customer = models.ForeignKey(
        Customer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for CallNex's own data subjects; a customer's people are informed only on its instruction.",
    )
    name = models.CharField(max_length=200)
    email = LowercaseEmailField(blank=True)
    phone = E164PhoneField(blank=True)
    informed_at = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(max_length=5, choices=Channel.choices, blank=True)
    message_id = models.CharField("message ID", max_length=255, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "affected people"

    def __str__(self) -> str:
        return f"Affected person #{self.pk}"


class CorrectiveAction(models.Model):
    """A lesson turned into work: what must change, who owns it, by when."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="corrective_actions")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:60]


class BreachSettings(models.Model):
    """CallNex's breach defaults, editable in admin (a single row)."""

    SINGLETON_PK = 1

    customer_notice_hours = models.PositiveSmallIntegerField(
        "customer notice deadline (hours)",
        default=24,
        help_text="Our DPA default: each affected customer is told within this many hours of awareness.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "breach settings"
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="breach_settings_singleton"),
            models.CheckConstraint(
                condition=Q(customer_notice_hours__gte=1, customer_notice_hours__lte=72),
                name="breach_customer_notice_hours_range",
                violation_error_message="The customer notice deadline must be between 1 and 72 hours.",
            ),
        ]

    def __str__(self) -> str:
        return "Breach settings"

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    @classmethod
    def get_solo(cls) -> "BreachSettings":
        settings_row, _ = cls.objects.get_or_create(pk=cls.SINGLETON_PK)
        return settings_row
