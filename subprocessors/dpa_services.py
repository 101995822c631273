"""Writes of the customer DPA register: DPAs with instructions and annex snapshot, requests for a signed copy."""

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext

from callnex_compliance.pdf import html_to_pdf
from callnex_compliance.platform_data.models import Customer, OrganisationProfile
from callnex_compliance.platform_data.normalise import normalise_email
from legal_basis.models import ProcessingActivity, SecurityMeasure

from . import emails, tokens
from .models import CustomerDPA, DpaRequest, Subprocessor

logger = logging.getLogger(__name__)

# The DPA template in force; a new version of templates/subprocessors/dpa/ bumps it.
CURRENT_TEMPLATE_VERSION = "2026.1"
SNAPSHOT_FIELDS = ("public_name", "legal_name", "service", "status", "transfer_safeguard", "safeguard_reference")


def dpa_subprocessor_snapshot() -> list[dict]:
    """Return the active and announced sub-processors as the DPA's Annex III records them."""
    listed = Subprocessor.objects.filter(status__in=[Subprocessor.Status.ACTIVE, Subprocessor.Status.ANNOUNCED])
    return [
        {**{field: getattr(s, field) for field in SNAPSHOT_FIELDS}, "locations": s.all_locations}
        for s in listed.order_by("public_name", "pk")
    ]


def customer_processing_activities(*, customer: Customer):
    """Return the processor activities in force done for this customer (for everyone, or for it by name)."""
    return ProcessingActivity.objects.filter(
        Q(all_customers=True) | Q(customers=customer),
        role=ProcessingActivity.Role.PROCESSOR,
        status__in=[ProcessingActivity.Status.IN_REVIEW, ProcessingActivity.Status.APPROVED],
    ).distinct()


def dpa_prepare(*, dpa: CustomerDPA) -> CustomerDPA:
    """Fill what a new DPA takes from the registers: the privacy contact and the sub-processor snapshot."""
    if not dpa.privacy_contact:
        if not dpa.customer.contact_email:
            raise ValidationError(
                {"privacy_contact": "The customer has no privacy contact email: record it on the customer first."}
            )
        dpa.privacy_contact = dpa.customer.contact_email
    if not dpa.subprocessor_snapshot:
        dpa.subprocessor_snapshot = dpa_subprocessor_snapshot()
    return dpa


@transaction.atomic
def dpa_conclude(
    *,
    customer: Customer,
    template_version: str,
    effective_from: dt.date | None = None,
    campaigns=(),
    processing_activities=None,
    **fields,
) -> CustomerDPA:
    """Record the DPA version binding `customer`, with its instructions and the sub-processors of today.

    `processing_activities` defaults to the processor activities in force done for the customer.
    """
    dpa = CustomerDPA(
        customer=customer,
        template_version=template_version,
        effective_from=effective_from or customer.contract_started_on,
        **fields,
    )
    dpa_prepare(dpa=dpa)
    dpa.full_clean()
    dpa.save()
    if processing_activities is None:
        processing_activities = customer_processing_activities(customer=customer)
    dpa.processing_activities.set(processing_activities)
    dpa.campaigns.set(campaigns)
    return dpa


# --- Countersigned copies: the public request and the generated document ------------------------------

CONFIRMATION_RESEND_AFTER = dt.timedelta(minutes=10)


def dpa_request_submit(*, company: str, requester_name: str, email: str, now: dt.datetime | None = None, **fields):
    """Record a request for a countersigned DPA and email its confirmation link (double opt-in)."""
    now = now or timezone.now()
    email = normalise_email(email)
    recent = DpaRequest.objects.filter(
        email=email, status=DpaRequest.Status.UNCONFIRMED, created_at__gte=now - CONFIRMATION_RESEND_AFTER
    )
    if recent.exists():
        return None  # one confirmation mail per address per 10 minutes (mail-bombing guard)
    dpa_request = DpaRequest.objects.create(company=company, requester_name=requester_name, email=email, **fields)
    message = emails.dpa_request_confirmation_message(
        dpa_request=dpa_request, organisation=OrganisationProfile.get_solo()
    )
    try:
        message.send()
    except Exception as exc:  # the mail server is down: say so; the row is purged unconfirmed
        logger.warning("DPA request confirmation failed: %s", type(exc).__name__)
        raise ValidationError(
            gettext("We could not send the confirmation email just now. Please try again in a few minutes."),
            code="mail_failed",
        ) from exc
    return dpa_request


def dpa_request_confirm(*, token: str, now: dt.datetime | None = None) -> DpaRequest:
    """Confirm the address of a DPA request from its link; the request joins the admin queue."""
    key = tokens.dpa_request_key(token)
    dpa_request = DpaRequest.objects.filter(key=key).first()
    if dpa_request is None:
        raise ValidationError(gettext("This request no longer exists. Please send the form again."), code="gone")
    if dpa_request.status == DpaRequest.Status.UNCONFIRMED:
        dpa_request.status, dpa_request.confirmed_at = DpaRequest.Status.CONFIRMED, now or timezone.now()
        dpa_request.save(update_fields=["status", "confirmed_at"])
        alert = emails.dpa_request_alert_message(dpa_request=dpa_request, organisation=OrganisationProfile.get_solo())
        transaction.on_commit(alert.send)
    return dpa_request


def dpa_requests_purge_unconfirmed(*, created_before: dt.datetime, dry_run: bool = False) -> int:
    """Delete (or on a dry run only count) DPA requests never confirmed and made before `created_before`."""
    unconfirmed = DpaRequest.objects.filter(status=DpaRequest.Status.UNCONFIRMED, created_at__lt=created_before)
    if dry_run:
        return unconfirmed.count()
    return unconfirmed.delete()[1].get(DpaRequest._meta.label, 0)


def dpa_requests_purge_confirmed(*, created_before: dt.datetime, dry_run: bool = False) -> int:
    """Delete (or on a dry run only count) confirmed DPA requests made before `created_before`.

    The request holds a person's name and address; the DPA it led to keeps its signatories on its own
    record, and the generated document goes with the row (removed after commit).
    """
    confirmed = DpaRequest.objects.exclude(status=DpaRequest.Status.UNCONFIRMED).filter(created_at__lt=created_before)
    if dry_run:
        return confirmed.count()
    return confirmed.delete()[1].get(DpaRequest._meta.label, 0)


def dpa_document_html(*, dpa: CustomerDPA, subprocessors: list[dict]) -> str:
    """Return the DPA of its template version with Annexes I-III filled from the registers."""
    activities = dpa.processing_activities.prefetch_related("data_subject_categories", "personal_data_categories")
    context = {
        "organisation": OrganisationProfile.get_solo(),
        "dpa": dpa,
        "customer": dpa.customer,
        "activities": list(activities.order_by("name")),
        "campaigns": list(dpa.campaigns.order_by("name")),
        "measures": list(SecurityMeasure.objects.order_by("kind", "name")),
        "subprocessors": subprocessors,
    }
    return render_to_string(f"subprocessors/dpa/document_{dpa.template_version}.html", context)


@transaction.atomic
def dpa_request_generate(*, dpa_request: DpaRequest, now: dt.datetime | None = None) -> DpaRequest:
    """Generate the customer's DPA (current template) as PDF for a confirmed request, Annex III as of now."""
    now = now or timezone.now()
    dpa_request = DpaRequest.objects.select_for_update().get(pk=dpa_request.pk)
    if dpa_request.status == DpaRequest.Status.UNCONFIRMED:
        raise ValidationError("The requester has not confirmed the email address yet.")
    if dpa_request.customer is None:
        raise ValidationError("Link the request to its customer first.")
    dpa = CustomerDPA.objects.filter(customer=dpa_request.customer, template_version=CURRENT_TEMPLATE_VERSION).first()
    if dpa is None:
        dpa = dpa_conclude(customer=dpa_request.customer, template_version=CURRENT_TEMPLATE_VERSION)
    dpa.subprocessor_snapshot = dpa_subprocessor_snapshot()  # what the customer signs is what stands today
    dpa.save()
    pdf = html_to_pdf(dpa_document_html(dpa=dpa, subprocessors=dpa.subprocessor_snapshot))
    name = f"dpa-{dpa.template_version}-customer-{dpa.customer_id}.pdf"
    dpa_request.document.save(name, ContentFile(pdf), save=False)
    dpa_request.dpa, dpa_request.generated_at, dpa_request.status = dpa, now, DpaRequest.Status.GENERATED
    dpa_request.save()
    return dpa_request
