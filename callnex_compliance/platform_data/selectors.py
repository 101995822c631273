"""Reads on the heavy path "everything about this phone number or email address"."""

from django.db.models import Q, QuerySet

from .models import AccountUser, BillingContact, CallRecord, CallRecording, Contact, Invoice, SupportTicket, Transcript
from .normalise import normalise_email, normalise_phone_or_none


def contacts_matching(*, email: str = "", phone: str = "") -> QuerySet[Contact]:
    """Return the contacts whose normalised email or phone equals the given ones (index lookups)."""
    condition = Q()
    if email:
        condition |= Q(email=normalise_email(email))
    if phone_e164 := normalise_phone_or_none(phone):
        condition |= Q(phone=phone_e164)
    if not condition:
        return Contact.objects.none()
    return Contact.objects.filter(condition)


def calls_matching(*, email: str = "", phone: str = "") -> QuerySet[CallRecord]:
    """Return calls with the subject: from or to their number, or linked to a matching contact."""
    # A literal id list (a subject has few contacts) lets PostgreSQL OR two index scans together;
    # an IN (subquery) OR ... condition would fall back to a sequential scan.
    contact_ids = list(contacts_matching(email=email, phone=phone).values_list("pk", flat=True))
    condition = Q(contact_id__in=contact_ids)
    if phone_e164 := normalise_phone_or_none(phone):
        condition |= Q(remote_number=phone_e164)
    return CallRecord.objects.filter(condition)


def recordings_matching(*, email: str = "", phone: str = "") -> QuerySet[CallRecording]:
    """Return the recordings of the subject's calls."""
    return CallRecording.objects.filter(call__in=calls_matching(email=email, phone=phone).values("pk"))


def transcripts_matching(*, email: str = "", phone: str = "") -> QuerySet[Transcript]:
    """Return the transcripts of the subject's calls."""
    return Transcript.objects.filter(call__in=calls_matching(email=email, phone=phone).values("pk"))


def _by_identifiers(
    queryset: QuerySet, *, email: str, phone: str, email_field: str, phone_field: str | None
) -> QuerySet:
    condition = Q()
    if email:
        condition |= Q(**{email_field: normalise_email(email)})
    if phone_field and (phone_e164 := normalise_phone_or_none(phone)):
        condition |= Q(**{phone_field: phone_e164})
    return queryset.filter(condition) if condition else queryset.none()


def own_data_matching(*, email: str = "", phone: str = "") -> dict[str, QuerySet]:
    """Return CallNex's own controller data about the subject, per kind (index lookups on email and phone)."""
    return {
        "account_users": _by_identifiers(
            AccountUser.objects.all(), email=email, phone=phone, email_field="email", phone_field="phone"
        ),
        "billing_contacts": _by_identifiers(
            BillingContact.objects.all(), email=email, phone=phone, email_field="email", phone_field="phone"
        ),
        "invoices": _by_identifiers(
            Invoice.objects.all(), email=email, phone=phone, email_field="sent_to_email", phone_field=None
        ),
        "support_tickets": _by_identifiers(
            SupportTicket.objects.all(), email=email, phone=phone, email_field="requester_email", phone_field=None
        ),
    }
