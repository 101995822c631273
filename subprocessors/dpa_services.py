"""Writes of the customer DPA register: a DPA concluded with its instructions and annex snapshot."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from callnex_compliance.platform_data.models import Customer
from legal_basis.models import ProcessingActivity

from .models import CustomerDPA, Subprocessor

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
