"""The retention schedule: data categories and one retention policy per category."""

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class DataCategory(models.TextChoices):
    """The data categories of the retention schedule (domain.md), one policy each."""

    CALL_RECORDINGS = "call_recordings", "Call recordings (and their audio files)"
    TRANSCRIPTS = "transcripts", "Transcripts"
    CALL_RECORDS = "call_records", "Call records (metadata)"
    CAMPAIGN_CONTACTS = "campaign_contacts", "Campaign contacts"
    CUSTOMER_ACCOUNTS = "customer_accounts", "Customer account data"
    BILLING_RECORDS = "billing_records", "Billing records"
    SUPPORT_TICKETS = "support_tickets", "Support tickets"
    RIGHTS_REQUEST_FILES = "rights_request_files", "Rights-request files"
    UNCONFIRMED_SUBSCRIPTIONS = "unconfirmed_subscriptions", "Unconfirmed notification subscriptions"
    BREACH_PEOPLE_LISTS = "breach_people_lists", "Breach affected-people lists"
    BREACH_NOTICES = "breach_notices", "Breach notices to customers"
    DPA_REQUESTS = "dpa_requests", "Requests for a countersigned DPA"
    MAILBOX_RECORDS = "mailbox_records", "Mailbox inquiries and triage messages"


# A customer may shorten these per campaign (domain.md); the others are CallNex's own data.
CAMPAIGN_CATEGORIES = (
    DataCategory.CALL_RECORDINGS,
    DataCategory.TRANSCRIPTS,
    DataCategory.CALL_RECORDS,
    DataCategory.CAMPAIGN_CONTACTS,
)
# A call's recording and transcript cannot outlive the call record they belong to.
CALL_CHILD_CATEGORIES = (DataCategory.CALL_RECORDINGS, DataCategory.TRANSCRIPTS)


class ProcessingRole(models.TextChoices):
    CONTROLLER = "controller", "Controller"
    PROCESSOR = "processor", "Processor"


class Anchor(models.TextChoices):
    """The date a retention period counts from; never a "last modified" timestamp."""

    CALL_ENDED = "call_ended", "Call ended"
    CAMPAIGN_ENDED = "campaign_ended", "Campaign ended"
    CONTRACT_ENDED = "contract_ended", "Contract ended"
    INVOICE_DATE = "invoice_date", "Invoice date"
    INVOICE_NEXT_JANUARY = "invoice_next_jan", "1 January of the year after the invoice date"
    TICKET_CLOSED = "ticket_closed", "Ticket closed"
    REQUEST_CLOSED = "request_closed", "Request closed"
    CREATED = "created", "Created"
    INCIDENT_CLOSED = "incident_closed", "Incident closed"
    HANDLED = "handled", "Answered, closed or dismissed"


def first_kept_invoice_date(cutoff: dt.date) -> dt.date:
    """Return the earliest invoice date still kept when the period counts from 1 January after the invoice.

    An invoice of 15 March 2024 kept 10 years is counted from 1 January 2025: it is kept until
    31 December 2034 and expires on 1 January 2035, when the cutoff is 1 January 2025.
    """
    return dt.date(cutoff.year, 1, 1)


class RetentionAction(models.TextChoices):
    DELETE = "delete", "Delete"
    ANONYMISE = "anonymise", "Anonymise"


class PeriodUnit(models.TextChoices):
    DAYS = "days", "days"
    MONTHS = "months", "months"
    YEARS = "years", "years"


def subtract_months(moment: dt.datetime, months: int) -> dt.datetime:
    """Return `moment` minus whole calendar months, clamped to the last day of a shorter month."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


class RetentionPolicy(models.Model):
    """How long one data category is kept, from which anchor date, and what happens then.

    Category, role, anchor and action are facts of the schedule and of the purge code, seeded by a
    migration; the period and its justification are CallNex's choices, edited in admin.
    """

    category = models.CharField(max_length=32, choices=DataCategory.choices, unique=True, editable=False)
    role = models.CharField(max_length=10, choices=ProcessingRole.choices, editable=False)
    period_value = models.PositiveSmallIntegerField("period")
    period_unit = models.CharField("unit", max_length=6, choices=PeriodUnit.choices, default=PeriodUnit.DAYS)
    anchor = models.CharField(max_length=16, choices=Anchor.choices, editable=False)
    action = models.CharField(max_length=10, choices=RetentionAction.choices, editable=False)
    justification = models.TextField(help_text="Why this period: the purpose, contract or law it serves.")
    inactivity_months = models.PositiveSmallIntegerField(
        "inactivity period (months)",
        null=True,
        blank=True,
        help_text="Campaign contacts only: when the campaign never ends, a contact is deleted this many months "
        "after its last call (or its creation, if it was never called), so no contact is kept forever.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "retention policies"
        ordering = ["category"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_value__gte=0),
                name="retention_policy_period_not_negative",
                violation_error_message="A retention period cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(category="campaign_contacts", inactivity_months__gte=1)
                | (~Q(category="campaign_contacts") & Q(inactivity_months__isnull=True)),
                name="retention_policy_inactivity_only_for_contacts",
                violation_error_message="Campaign contacts need an inactivity period of at least one month; "
                "other categories have none.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.period_display}"

    @property
    def period_display(self) -> str:
        """Return the period for people, e.g. "30 days", "12 months", "3 years, then anonymised"."""
        value, unit = self.period_value, str(self.period_unit)
        text = f"{value} {unit.removesuffix('s') if value == 1 else unit}"
        if self.action == RetentionAction.ANONYMISE:
            text += ", then anonymised"
        if self.inactivity_months:
            text += f" (never-ending campaign: {self.inactivity_months} months after the last call)"
        return text

    def clean(self) -> None:
        """Reject a period that would make recordings or transcripts outlive their call records."""
        super().clean()
        if self.category not in (*CALL_CHILD_CATEGORIES, DataCategory.CALL_RECORDS):
            return
        now = timezone.now()
        others = RetentionPolicy.objects.exclude(pk=self.pk)
        if self.category == DataCategory.CALL_RECORDS:
            for child in others.filter(category__in=CALL_CHILD_CATEGORIES):
                if child.cutoff(now) < self.cutoff(now):
                    raise ValidationError(
                        {
                            "period_value": f"Call records cannot be kept for less time than "
                            f"{child.get_category_display().lower()} ({child.period_display}): shorten those first."
                        }
                    )
        elif (parent := others.filter(category=DataCategory.CALL_RECORDS).first()) and self.cutoff(now) < parent.cutoff(
            now
        ):
            raise ValidationError(
                {"period_value": f"This cannot be longer than the call records' period ({parent.period_display})."}
            )

    def cutoff(self, now: dt.datetime) -> dt.datetime:
        """Return the moment before which an anchor date means the row has expired."""
        if self.period_unit == PeriodUnit.YEARS:
            return subtract_months(now, 12 * self.period_value)
        if self.period_unit == PeriodUnit.MONTHS:
            return subtract_months(now, self.period_value)
        return now - dt.timedelta(days=self.period_value)

    def inactivity_cutoff(self, now: dt.datetime) -> dt.datetime | None:
        """Return the moment before which a contact's last activity means it has expired, if any."""
        return subtract_months(now, self.inactivity_months) if self.inactivity_months else None

    def max_days(self, now: dt.datetime) -> int:
        """Return the period in whole days as of `now` (months vary in length)."""
        return (now - self.cutoff(now)).days
