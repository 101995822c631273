"""The support mailbox's messages in the back-office: each e-mail, its evidence files and where it went.

An `InboundMessage` is one e-mail imported over IMAP, with the time the mail server received it (IMAP
INTERNALDATE: the legal clock counts from it), its text (HTML bodies are converted to plain text, never
rendered), the original `.eml` and its attachments in private storage, and the record it was routed to:
a draft rights request, a reply on a request, an inquiry, or the triage queue a handler works daily.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from callnex_compliance.platform_data.fields import LowercaseEmailField
from rights_requests.models import RightsRequest

LANGUAGES = [("nl", "Dutch"), ("fr", "French"), ("en", "English")]


class SubjectPattern(models.Model):
    """A subject-line phrase that routes a message (any case, also after "Re:"/"Fwd:"); editable in admin."""

    class Route(models.TextChoices):
        RIGHTS_REQUEST = "rights_request", "Rights request (draft)"
        INQUIRY = "inquiry", "Data-protection inquiry"

    phrase = models.CharField(max_length=100, unique=True, help_text="Matched anywhere in the subject, any case.")
    route = models.CharField(max_length=20, choices=Route.choices)
    language = models.CharField(max_length=2, choices=LANGUAGES, blank=True, help_text="The language it implies.")
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["route", "phrase"]

    def __str__(self) -> str:
        return self.phrase


class Inquiry(models.Model):
    """A question to the data protection contact (subject 'Data Protection'): a light record, not a request."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed without answer"
        CONVERTED = "converted", "Turned into a rights request"

    from_address = LowercaseEmailField(blank=True)
    from_name = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField(help_text="When the mail server received it.")
    language = models.CharField(max_length=2, choices=LANGUAGES, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="Answered, closed or converted: retention counts from here."
    )
    rights_request = models.ForeignKey(
        RightsRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="The rights request it was turned into.",
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at", "pk"]
        verbose_name_plural = "inquiries"
        indexes = [models.Index(fields=["closed_at"], name="mi_inquiry_closed_idx")]

    def __str__(self) -> str:
        return f"Inquiry {self.pk} of {self.received_at:%d %b %Y}"


class InboundMessageQuerySet(models.QuerySet):
    def in_triage(self) -> "InboundMessageQuerySet":
        return self.filter(status=InboundMessage.Status.TRIAGE)


class InboundMessage(models.Model):
    """One e-mail read from the support mailbox, and what it became."""

    class Status(models.TextChoices):
        TRIAGE = "triage", "In triage (to sort by hand)"
        RIGHTS_REQUEST = "rights_request", "Rights request"
        REPLY = "reply", "Reply on a request"
        INQUIRY = "inquiry", "Inquiry"
        IGNORED = "ignored", "Auto-reply or bounce (not answered)"
        DISMISSED = "dismissed", "Dismissed from triage"

    message_id = models.CharField(max_length=255, blank=True, help_text="The Message-ID header.")
    folder = models.CharField(max_length=200, blank=True)
    uid_validity = models.PositiveBigIntegerField(null=True, blank=True)
    uid = models.PositiveBigIntegerField(null=True, blank=True, help_text="The IMAP server's UID in the folder.")
    received_at = models.DateTimeField(help_text="When the mail server received it (IMAP INTERNALDATE).")
    from_address = LowercaseEmailField(blank=True)
    from_name = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    body_text = models.TextField(blank=True, help_text="Plain text; an HTML body is converted, never rendered.")
    size = models.PositiveIntegerField(default=0, help_text="Bytes, as the server reported.")
    language = models.CharField(max_length=2, choices=LANGUAGES, blank=True)
    is_auto_reply = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.TRIAGE)
    note = models.CharField(max_length=500, blank=True, help_text="What the import noticed (never personal data).")
    eml = models.FileField(upload_to="mail_intake/eml/%Y/%m/", blank=True, max_length=200)
    rights_request = models.ForeignKey(
        RightsRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="mail_messages"
    )
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, null=True, blank=True, related_name="messages")
    routed_at = models.DateTimeField(null=True, blank=True, help_text="When it left triage or was routed.")
    imported_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["body_text"])

    objects = InboundMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "pk"]
        verbose_name = "mailbox message"
        indexes = [
            models.Index(fields=["status", "received_at"], name="mi_message_status_idx"),
            models.Index(fields=["message_id"], name="mi_message_id_idx"),
        ]
        constraints = [
            # A message is imported once however often it is delivered or read (idempotent import).
            models.UniqueConstraint(fields=["message_id"], condition=~Q(message_id=""), name="mi_unique_message_id"),
            models.UniqueConstraint(
                fields=["folder", "uid_validity", "uid"], condition=Q(uid__isnull=False), name="mi_unique_server_uid"
            ),
        ]

    def __str__(self) -> str:
        return f"Message {self.pk} of {self.received_at:%d %b %Y %H:%M}"


class MessageAttachment(models.Model):
    """A file sent with a message: stored privately, downloaded as an attachment, never previewed or run."""

    message = models.ForeignKey(InboundMessage, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="mail_intake/attachments/%Y/%m/", blank=True, max_length=200)
    is_identity_evidence = models.BooleanField(
        default=False, help_text="Sent while the request was paused for identity: deleted once identity is checked."
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["message", "pk"]

    def __str__(self) -> str:
        return self.filename or f"attachment {self.pk}"


class MailboxStatus(models.Model):
    """The single row saying when the mailbox was last read, or last failed (for the dashboard)."""

    last_success_at = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    failing_since = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True, help_text="The kind of failure, never credentials.")
    last_counts = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name_plural = "mailbox status"

    def __str__(self) -> str:
        return "Mailbox status"

    @classmethod
    def get_solo(cls) -> "MailboxStatus":
        return cls.objects.get_or_create(pk=1)[0]
