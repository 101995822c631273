"""Data-subject rights requests, their append-only timeline, letters, matches, exports and suppressions.

State changes go through `services.py`; the models hold fields, constraints and small single-row
properties. `due_on` is the persisted copy of `due_date` (refreshed by the services on every change)
so that urgency can be filtered in SQL on an indexed date column.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from callnex_compliance.languages import Language
from callnex_compliance.platform_data.fields import E164PhoneField, LowercaseEmailField
from callnex_compliance.platform_data.models import Campaign, Customer

from . import deadlines

ANONYMISED = "[anonymised]"
# A request is registered when it arrives; one received more than a year ago is a typing error
# (year 1 or 1900), not a late registration. A few minutes ahead is allowed for clock skew.
RECEIVED_AT_MAX_AGE = dt.timedelta(days=365)
RECEIVED_AT_CLOCK_SKEW = dt.timedelta(minutes=5)


def validate_received_at(value: dt.datetime, *, now: dt.datetime | None = None) -> None:
    """Raise ValidationError when the time of receipt is in the future or implausibly old."""
    now = now or timezone.now()
    if value > now + RECEIVED_AT_CLOCK_SKEW:
        raise ValidationError("The time of receipt cannot be in the future.", code="future")
    if value < now - RECEIVED_AT_MAX_AGE:
        raise ValidationError(
            f"The time of receipt cannot be more than {RECEIVED_AT_MAX_AGE.days} days ago; check the year.",
            code="too_old",
        )


class Right(models.TextChoices):
    ACCESS = "access", _("Access (Art. 15)")
    RECTIFICATION = "rectification", _("Rectification (Art. 16)")
    ERASURE = "erasure", _("Erasure (Art. 17)")
    RESTRICTION = "restriction", _("Restriction (Art. 18)")
    PORTABILITY = "portability", _("Portability (Art. 20)")
    OBJECTION = "objection", _("Objection (Art. 21)")
    AUTOMATED_DECISION = "automated_decision", _("Automated decisions (Art. 22)")
    WITHDRAW_CONSENT = "withdraw_consent", _("Withdrawal of consent (Art. 7(3))")


class RightsRequestQuerySet(models.QuerySet):
    def open(self) -> "RightsRequestQuerySet":
        return self.filter(closed_at__isnull=True)

    def with_right(self, right: str) -> "RightsRequestQuerySet":
        # JSON "contains" is not portable to SQLite; the quoted code is unique inside the JSON text.
        return self.filter(rights__icontains=f'"{right}"')

    def counting(self) -> "RightsRequestQuerySet":
        """Return open requests whose clock runs (not paused while identity is checked)."""
        return self.open().exclude(status=RightsRequest.Status.AWAITING_IDENTITY)

    def due_within_week(self, today: dt.date) -> "RightsRequestQuerySet":
        """Return running requests due (the date staff work to) from today to seven days ahead, not the overdue."""
        return (
            self.counting()
            .with_parts_due()
            .filter(worklist_due__gte=today, worklist_due__lte=today + dt.timedelta(days=7))
        )

    def with_parts_due(self) -> "RightsRequestQuerySet":
        """Annotate `parts_due_on`, the earliest DPA deadline of an open customer part, and `worklist_due`.

        `worklist_due` is the date staff work to, the one rule the worklist, its urgency filter, the
        dashboard and the digest share: a request without a part of CallNex's own (processor only) runs
        on its customer parts' DPA assistance deadline once forwarded; any other on the Art. 12(3) date.
        `RightsRequest.worklist_due_on` reads it back (and applies the same rule on an unannotated row).
        """
        if "worklist_due" in self.query.annotations:
            return self
        open_parts = Forwarding.objects.filter(rights_request=OuterRef("pk"), closed_at__isnull=True)
        earliest = open_parts.exclude(due_on__isnull=True).order_by("due_on").values("due_on")[:1]
        return self.annotate(parts_due_on=Subquery(earliest)).annotate(
            worklist_due=Case(
                When(own_part_q(), then=F("due_on")),
                When(parts_due_on__isnull=False, then=F("parts_due_on")),
                default=F("due_on"),
            )
        )

    def in_urgency(self, band: deadlines.Urgency, today: dt.date) -> "RightsRequestQuerySet":
        """Return running requests whose date staff work to (`worklist_due`) lies in the urgency band."""
        start, end = deadlines.urgency_due_range(band, today)
        queryset = self.counting().with_parts_due()
        if start is not None:
            queryset = queryset.filter(worklist_due__gte=start)
        if end is not None:
            queryset = queryset.filter(worklist_due__lt=end)
        return queryset


def own_part_q() -> Q:
    """Return the SQL form of `RightsRequest.has_own_part`: a controller request, or CallNex's own data found."""
    found = Q()
    for kind in OWN_DATA_KINDS:
        found |= Q(**{f"own_data__{kind}__isnull": False}) & ~Q(**{f"own_data__{kind}": []})
    return Q(role=RightsRequest.Role.CONTROLLER) | found


class RightsRequest(models.Model):
    """One request from a data subject, from receipt to closure."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        WEB_FORM = "web_form", "Web form"
        LETTER = "letter", "Letter"
        PHONE = "phone", "Phone"

    class Role(models.TextChoices):
        CONTROLLER = "controller", "Controller"
        PROCESSOR = "processor", "Processor (for a customer)"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft (from the mailbox: confirm rights and role)"
        RECEIVED = "received", "Received"
        AWAITING_IDENTITY = "awaiting_identity", "Awaiting identity (clock paused)"
        IN_PROGRESS = "in_progress", "In progress"
        FORWARDED = "forwarded", "Forwarded to controller"
        COMPLETED = "completed", "Completed"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class RefusalReason(models.TextChoices):
        """The grounds a refusal may name; "we hold no data" is an answer, never a refusal (Art. 15(1))."""

        IDENTITY_NOT_VERIFIED = "identity_not_verified", _("Identity not verified (Art. 12(6))")
        MANIFESTLY_UNFOUNDED = "manifestly_unfounded", _("Manifestly unfounded (Art. 12(5))")
        EXCESSIVE = "excessive", _("Excessive, e.g. repetitive (Art. 12(5))")
        FREEDOM_OF_EXPRESSION = "art17_3_a", _("Freedom of expression and information (Art. 17(3)(a))")
        LEGAL_OBLIGATION = "art17_3_b", _("Legal obligation to keep the data (Art. 17(3)(b))")
        PUBLIC_HEALTH = "art17_3_c", _("Public interest in public health (Art. 17(3)(c))")
        ARCHIVING = "art17_3_d", _("Archiving, research or statistics (Art. 17(3)(d))")
        LEGAL_CLAIMS = "art17_3_e", _("Establishment, exercise or defence of legal claims (Art. 17(3)(e))")
        BELGIAN_LAW = "art23_belgian_law", _("A restriction under Belgian law (Art. 23)")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        """How CallNex's own part ended."""

        FULFILLED = "fulfilled", "Fulfilled"
        NO_DATA = "no_data", "We hold no data about the person"
        REFUSED = "refused", "Refused"

    TERMINAL_STATUSES = (Status.COMPLETED, Status.REFUSED, Status.WITHDRAWN)

    reference = models.CharField(max_length=20, unique=True, editable=False)
    requester_name = models.CharField(max_length=200)
    requester_email = LowercaseEmailField(blank=True)
    requester_phone = E164PhoneField(blank=True)
    details = models.TextField(blank=True, help_text="What the requester asked, in their words.")
    rights = models.JSONField(default=list, help_text="Codes of the rights exercised.")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    language = models.CharField(
        max_length=2,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text="Dutch, French or English as the person wrote; any other language: English. Letters use it.",
    )
    received_at = models.DateTimeField()
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.CONTROLLER)
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rights_requests",
        help_text="The customer (controller) we act for, when we are its processor.",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="rights_requests"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    identity_verified_at = models.DateTimeField(null=True, blank=True)
    identity_check_note = models.TextField(
        blank=True, help_text="How identity was checked. The evidence itself is not kept once checked."
    )
    own_data = models.JSONField(
        default=dict, blank=True, help_text="Ids of CallNex's own (controller) data about the subject, per kind."
    )
    other_identifiers = models.JSONField(
        default=list,
        blank=True,
        help_text="Further email addresses and phone numbers (normalised) the subject's data is searched by.",
    )
    own_part_closed_at = models.DateTimeField(null=True, blank=True)
    own_outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    paused_since = models.DateTimeField(null=True, blank=True)
    paused_days = models.PositiveIntegerField(default=0)
    extension_months = models.PositiveSmallIntegerField(default=0)
    extension_reason = models.TextField(blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(editable=False)
    erasure_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    erasure_approved_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.CharField(max_length=30, choices=RefusalReason.choices, blank=True)
    outcome_text = models.TextField(blank=True, help_text="Explanation given to the requester at closure.")
    closed_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = RightsRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "reference"]
        permissions = [("approve_erasure", "Can approve an erasure (data protection contact only)")]
        indexes = [
            # The worklist, the urgency filter and the digest read open requests by due date.
            models.Index(fields=["due_on"], name="rr_open_due_on_idx", condition=Q(closed_at__isnull=True)),
            models.Index(fields=["closed_at"], name="rr_closed_at_idx"),
            # The worklist search also has trigram GIN indexes on PostgreSQL (migration 0007, not in the state).
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(role="processor", customer__isnull=False) | Q(role="controller", customer__isnull=True),
                name="rr_processor_has_customer",
                violation_error_message="Choose the customer for a processor request, and none for a controller one.",
            ),
            models.CheckConstraint(
                condition=Q(extension_months__lte=deadlines.MAX_EXTENSION_MONTHS),
                name="rr_extension_at_most_two_months",
                violation_error_message="A request can be extended by two further months at most.",
            ),
            models.CheckConstraint(
                condition=Q(status="awaiting_identity", paused_since__isnull=False)
                | (~Q(status="awaiting_identity") & Q(paused_since__isnull=True)),
                name="rr_paused_iff_awaiting_identity",
                violation_error_message="The clock is paused exactly while identity is awaited.",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["completed", "refused", "withdrawn"]) | Q(closed_at__isnull=False),
                name="rr_terminal_status_is_closed",
                violation_error_message="A completed, refused or withdrawn request must be closed.",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="rr_refusal_has_reason",
                violation_error_message="A refusal needs a reason.",
            ),
            models.CheckConstraint(
                condition=~Q(requester_email="", requester_phone="") | Q(anonymised_at__isnull=False),
                name="rr_requester_reachable",
                violation_error_message="Enter the requester's email address or phone number.",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def received_on(self) -> dt.date:
        """Return the Brussels day of receipt (00:30 in Brussels counts for that Brussels day)."""
        return deadlines.brussels_date(self.received_at)

    @property
    def search_identifiers(self) -> list[tuple[str, str]]:
        """Return the (email, phone) pairs "Find data" searches by: the requester's, then the ones staff added."""
        pairs = [(self.requester_email, self.requester_phone)] if self.requester_email or self.requester_phone else []
        return pairs + [(value, "") if "@" in value else ("", value) for value in self.other_identifiers]

    @property
    def legal_deadline(self) -> dt.date:
        return deadlines.legal_deadline(self.received_on)

    @property
    def current_legal_deadline(self) -> dt.date:
        """Return the legal deadline as it stands: moved by pauses and, after an extension, the extended one."""
        return deadlines.current_legal_deadline(
            self.received_on, paused_days=self.paused_days, extension_months=self.extension_months
        )

    @property
    def sla_deadline(self) -> dt.date:
        return deadlines.sla_deadline(self.received_on)

    @property
    def due_date(self) -> dt.date:
        """Return the effective deadline moved by the paused days and any extension."""
        return deadlines.due_date(
            self.received_on, paused_days=self.paused_days, extension_months=self.extension_months
        )

    @property
    def extension_allowed_until(self) -> dt.date:
        return deadlines.extension_allowed_until(self.received_on, paused_days=self.paused_days)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_paused(self) -> bool:
        return self.status == self.Status.AWAITING_IDENTITY

    @property
    def worklist_due_on(self) -> dt.date:
        """Return the date staff work to: without an own part, the earliest open customer part's DPA deadline.

        The rule is `RightsRequestQuerySet.with_parts_due()`'s, whose `worklist_due` it returns when
        annotated; on a row loaded without it, the same rule is applied to its customer parts.
        """
        annotated = getattr(self, "worklist_due", None)
        if annotated is not None:
            return annotated
        if self.has_own_part or self.pk is None:
            return self.due_on
        parts = self.forwardings.filter(closed_at__isnull=True, due_on__isnull=False).order_by("due_on")
        return parts.values_list("due_on", flat=True).first() or self.due_on

    def days_left(self, today: dt.date | None = None) -> int | None:
        """Return whole days until the due date, or None when the clock is paused or the request closed."""
        if self.is_closed or self.is_paused:
            return None
        return deadlines.days_left(self.worklist_due_on, today or timezone.localdate(timezone=deadlines.BRUSSELS))

    def urgency(self, today: dt.date | None = None) -> deadlines.Urgency | None:
        if self.is_closed or self.is_paused:
            return None
        return deadlines.urgency(self.worklist_due_on, today or timezone.localdate(timezone=deadlines.BRUSSELS))

    def get_rights_display(self) -> str:
        labels = dict(Right.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.rights)

    @property
    def is_identity_verified(self) -> bool:
        return self.identity_verified_at is not None

    @property
    def has_own_data(self) -> bool:
        return any(self.own_data.get(kind) for kind in OWN_DATA_KINDS)

    @property
    def has_own_part(self) -> bool:
        """Return whether CallNex answers part of the request as controller (asked of us, or our data found)."""
        return self.role == self.Role.CONTROLLER or self.has_own_data


# CallNex's own controller data a request can find, in the order letters and exports list them.
OWN_DATA_KINDS = ("account_users", "billing_contacts", "invoices", "support_tickets")


class RightsRequestEvent(models.Model):
    """One entry of a request's append-only timeline; the message never holds personal data."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        LETTER = "letter", "Letter"
        EMAIL_RECEIVED = "email_received", "E-mail received"
        IDENTITY_REQUESTED = "identity_requested", "Identity requested (clock paused)"
        IDENTITY_VERIFIED = "identity_verified", "Identity verified (clock resumed)"
        EXTENDED = "extended", "Extended"
        DATA_FOUND = "data_found", "Data found"
        EXPORTED = "exported", "Export created"
        EXPORT_DOWNLOADED = "export_downloaded", "Export downloaded"
        ERASURE_APPROVED = "erasure_approved", "Erasure approved"
        ERASED = "erased", "Data erased"
        RECTIFIED = "rectified", "Data rectified"
        RESTRICTED = "restricted", "Processing restricted"
        SUPPRESSED = "suppressed", "Added to the suppression list"
        SUPPRESSION_LIFTED = "suppression_lifted", "Suppression lifted"
        FORWARDED = "forwarded", "Forwarded to controller"
        FORWARDING_CLOSED = "forwarding_closed", "Controller answered"
        INSTRUCTION = "instruction", "Customer's instruction recorded"
        FILE_REVIEWED = "file_reviewed", "File reviewed (Art. 15(4))"
        RESTRICTION_LIFTED = "restriction_lifted", "Restriction lifted"
        RECIPIENTS_NOTIFIED = "recipients_notified", "Recipients notified (Art. 19)"
        COMPLETED = "completed", "Completed"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"
        CLOSED = "closed", "Closed"
        ANONYMISED = "anonymised", "Anonymised"

    rights_request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    part_customer = models.ForeignKey(
        Customer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The customer whose part this step was (done on its instruction); empty for CallNex's own part.",
    )
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


class RightsRequestLetter(models.Model):
    """A letter sent (or prepared for post) to the requester or a controller, kept as proof."""

    class Kind(models.TextChoices):
        ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
        IDENTITY_REQUEST = "identity_request", "Identity request"
        EXTENSION_NOTICE = "extension_notice", "Extension notice"
        COMPLETION = "completion", "Completion"
        REFUSAL = "refusal", "Refusal"
        NO_DATA = "no_data", "No data held"
        FORWARDING = "forwarding", "Forwarding to controller"
        RESTRICTION_LIFT_NOTICE = "restriction_lift", "Notice before lifting a restriction (Art. 18(3))"

    rights_request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    to_email = models.EmailField(blank=True, help_text="Empty when the letter must go by post.")
    subject = models.CharField(max_length=300)
    body = models.TextField()
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(
        max_length=255,
        blank=True,
        db_index=True,
        help_text="The e-mail's Message-ID: replies quoting it find the request.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.rights_request.reference}"


class SubjectMatch(models.Model):
    """The subject's data found in one campaign: ids to act on and counts, never copies of the data."""

    rights_request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="matches")
    customer = models.ForeignKey(Customer, on_delete=models.SET_NULL, null=True, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.SET_NULL, null=True, related_name="+")
    contact_ids = models.JSONField(default=list)
    call_ids = models.JSONField(default=list)
    contacts = models.PositiveIntegerField(default=0)
    calls = models.PositiveIntegerField(default=0)
    recordings = models.PositiveIntegerField(default=0)
    transcripts = models.PositiveIntegerField(default=0)
    found_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["customer_id", "campaign_id"]
        verbose_name_plural = "subject matches"
        constraints = [
            models.UniqueConstraint(fields=["rights_request", "campaign"], name="rr_match_unique_per_campaign")
        ]

    def __str__(self) -> str:
        return f"Match in campaign {self.campaign}"


class Instruction(models.TextChoices):
    """What a customer (the controller) instructs us to do with its data about the person."""

    ERASE = "erase", "Erase"
    EXPORT = "export", "Export (delivered to the customer)"
    RECTIFY = "rectify", "Rectify"
    RESTRICT = "restrict", "Restrict"
    OBJECT = "object", "Object and suppress (Art. 21(3))"
    NO_ACTION = "no_action", "Take no action"
    NOT_OURS = "not_ours", "Not the customer's data subject"


# Instructions that close the customer's part as soon as they are recorded: nothing for us to do.
INSTRUCTIONS_WITHOUT_ACTION = (Instruction.NO_ACTION, Instruction.NOT_OURS)


class Forwarding(models.Model):
    """A customer's part of a request: forwarded to its privacy contact (Art. 28(3)(e)), done on its instruction."""

    rights_request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="forwardings")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    forwarded_at = models.DateTimeField(null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True, help_text="The DPA's assistance deadline for this part.")
    instruction = models.CharField(max_length=10, choices=Instruction.choices, blank=True)
    instruction_received_on = models.DateField(null=True, blank=True)
    instruction_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    export_to_person = models.BooleanField(
        default=False,
        help_text="The customer's export instruction says CallNex delivers the export to the person itself; its "
        "recordings and transcripts then go out only after the Art. 15(4) review of each file.",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True, help_text="What the controller answered or instructed.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["rights_request", "customer"], name="rr_forwarding_unique_per_customer"),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(forwarded_at__isnull=False),
                name="rr_forwarding_closed_after_sent",
                violation_error_message="A forwarding can only be closed once it was sent.",
            ),
            models.CheckConstraint(
                condition=Q(instruction="", instruction_received_on__isnull=True)
                | (~Q(instruction="") & Q(instruction_received_on__isnull=False)),
                name="rr_instruction_has_received_date",
                violation_error_message="Record the date the customer's instruction arrived.",
            ),
            models.CheckConstraint(
                condition=Q(export_to_person=False) | Q(instruction="export"),
                name="rr_delivery_to_person_only_on_export",
                violation_error_message="Only an export instruction can ask CallNex to deliver to the person.",
            ),
        ]

    def __str__(self) -> str:
        return f"Forwarding to {self.customer}"

    @property
    def state(self) -> str:
        if self.closed_at:
            return "closed"
        if self.instruction == Instruction.EXPORT and self.export_to_person:
            return "instructed: export, delivered by CallNex to the person"
        if self.instruction:
            return f"instructed: {self.get_instruction_display().lower()}"
        if self.forwarded_at:
            return "forwarded"
        return "to forward" if self.customer.contact_email else "blocked: no privacy contact"


class FileReview(models.Model):
    """The Art. 15(4) decision on one recording or transcript before CallNex releases it to the person.

    Needed when a customer instructs CallNex to deliver its export to the person: a reviewer confirms,
    per file, that releasing it respects others' rights (an agent's voice, a third party named), or
    withholds it with a reason the person is told. Changes stay in the history.
    """

    class Kind(models.TextChoices):
        RECORDING = "recording", "Call recording"
        TRANSCRIPT = "transcript", "Transcript"

    class Decision(models.TextChoices):
        RELEASE = "release", "Release: others' rights are respected"
        WITHHOLD = "withhold", "Withhold (Art. 15(4))"

    rights_request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="file_reviews")
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="+", help_text="The customer part the file belongs to."
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file_id = models.PositiveBigIntegerField(help_text="The recording's or transcript's id.")
    call_id = models.PositiveBigIntegerField(help_text="The call the file belongs to.")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField(
        blank=True, help_text="Why the file is withheld (told to the person), or a note on the release."
    )
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rights_request_id", "customer_id", "call_id", "kind"]
        verbose_name = "file review (Art. 15(4))"
        verbose_name_plural = "file reviews (Art. 15(4))"
        constraints = [
            models.UniqueConstraint(fields=["rights_request", "kind", "file_id"], name="rr_file_review_once_per_file"),
            models.CheckConstraint(
                condition=~Q(decision="withhold") | ~Q(reason=""),
                name="rr_withheld_file_has_reason",
                violation_error_message="Say why the file is withheld; the person is told.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of call #{self.call_id}: {self.decision}"


def export_upload_to(instance: "DataExport", filename: str) -> str:
    """Place each export under a random folder so its path cannot be guessed."""
    return f"rights_requests/exports/{instance.token}/{filename}"


class DataExport(models.Model):
    """A ZIP of the subject's data for access or portability, private and short-lived."""

    rights_request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="exports")
    customer = models.ForeignKey(
        Customer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The customer whose part this export is (delivered to the customer); empty for CallNex's own part.",
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    file = models.FileField(upload_to=export_upload_to, max_length=300, blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    counts = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        permissions = [("download_dataexport", "Can download a data export")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="rr_export_expires_after_creation",
                violation_error_message="An export must expire after it is created.",
            )
        ]

    def __str__(self) -> str:
        return f"Export #{self.pk} of {self.rights_request}"

    def is_available(self, now: dt.datetime | None = None) -> bool:
        return self.deleted_at is None and bool(self.file) and (now or timezone.now()) < self.expires_at


class SuppressionEntry(models.Model):
    """ "Never call me again" (Art. 21(3)): a keyed hash of the phone, so it survives erasure of the data.

    An entry belongs to the customer whose 'object' instruction created it and blocks that customer's
    campaigns only; an entry without a customer (from before entries were per customer, when the request
    named several customers) blocks every campaign.

    An entry is never deleted: the data protection contact lifts it with a reason (and, for a customer's
    campaign data, the customer's instruction), which stays on the row and in its history.
    """

    phone_hash = models.CharField(max_length=64)
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suppressions",
        help_text="The customer whose campaigns may not call the number; empty = every customer (global).",
    )
    rights_request = models.ForeignKey(
        RightsRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="suppressions"
    )
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lift_reason = models.TextField(blank=True)
    lift_instruction_reference = models.CharField(
        max_length=100, blank=True, help_text="The customer's instruction (ticket, letter or e-mail reference)."
    )
    lift_instructed_on = models.DateField(null=True, blank=True, help_text="Date of the customer's instruction.")
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "suppression entries"
        permissions = [("lift_suppressionentry", "Can lift a suppression (never call again)")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lifted_at__isnull=True) | ~models.Q(lift_reason=""),
                name="suppression_lift_has_reason",
            ),
            models.UniqueConstraint(fields=["phone_hash", "customer"], name="suppression_one_per_customer"),
            models.UniqueConstraint(
                fields=["phone_hash"], condition=models.Q(customer__isnull=True), name="suppression_one_global"
            ),
        ]

    def __str__(self) -> str:
        return f"Suppression {self.phone_hash[:10]}…"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class ReferenceSequence(models.Model):
    """The last reference number used in one year; incremented under a row lock."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class CalendarFeed(models.Model):
    """A staff member's secret iCalendar feed URL; only a keyed hash of the token is stored."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Calendar feed of {self.user.get_username()}"
