"""End of contract (Art. 28(3)(g)): return the customer's campaign data, delete it, certify the deletion.

`offboardings_run_due()` (scheduled daily) opens an offboarding for each customer whose contract ended,
exports its data (ZIP: per campaign a contacts CSV, a calls CSV and the recordings) when the customer
chose return-then-delete, deletes it all near the end of the agreed period except what a legal hold
keeps, and emails a deletion certificate to the customer's privacy contact.
"""

import datetime as dt
import io
import logging
import tempfile
import zipfile

from django.core.files import File
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from callnex_compliance import csv_safe
from callnex_compliance.platform_data.models import (
    CallRecord,
    CallRecording,
    Campaign,
    Contact,
    Customer,
    OrganisationProfile,
)
from retention.models import LegalHold
from retention.purge.holds import HeldSet

from .models import CustomerDPA, Offboarding

logger = logging.getLogger(__name__)

DEFAULT_PERIOD_DAYS = 30
# Deletion runs this long before the period ends, so a failed night still leaves time within it.
DELETE_AHEAD = dt.timedelta(days=3)
EndOfContract = CustomerDPA.EndOfContract


def offboarding_open(*, customer: Customer) -> Offboarding:
    """Open the offboarding of a customer whose contract ended, with the choice and period of its latest DPA."""
    dpa = customer.dpas.order_by("-effective_from", "-pk").first()
    choice = dpa.end_of_contract if dpa else EndOfContract.RETURN_THEN_DELETE
    days = dpa.end_of_contract_days if dpa else DEFAULT_PERIOD_DAYS
    offboarding, _ = Offboarding.objects.get_or_create(
        customer=customer,
        defaults={
            "dpa": dpa,
            "choice": choice,
            "contract_ended_on": customer.contract_ended_on,
            "delete_by": customer.contract_ended_on + dt.timedelta(days=days),
        },
    )
    return offboarding


def _write_csv(archive: zipfile.ZipFile, name: str, header: list[str], rows) -> None:
    buffer = io.StringIO()
    writer = csv_safe.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    archive.writestr(name, buffer.getvalue())


def offboarding_export(*, offboarding: Offboarding, now: dt.datetime | None = None) -> Offboarding:
    """Write the customer's full export (ZIP) to private storage; the data protection contact hands it over."""
    with tempfile.SpooledTemporaryFile(max_size=50 * 1024 * 1024) as spooled:
        with zipfile.ZipFile(spooled, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for campaign in Campaign.objects.filter(customer=offboarding.customer).order_by("pk"):
                folder = f"campaign-{campaign.pk}"
                archive.writestr(f"{folder}/campaign.txt", f"{campaign.name}\n")
                contacts = campaign.contacts.order_by("pk").values_list("pk", "name", "phone", "email")
                _write_csv(archive, f"{folder}/contacts.csv", ["id", "name", "phone", "email"], contacts.iterator())
                calls = campaign.calls.order_by("pk").values_list(
                    "pk", "contact_id", "remote_number", "direction", "started_at", "ended_at", "outcome"
                )
                header = ["id", "contact_id", "remote_number", "direction", "started_at", "ended_at", "outcome"]
                _write_csv(archive, f"{folder}/calls.csv", header, calls.iterator())
                for recording in CallRecording.objects.filter(call__campaign=campaign).iterator():
                    with recording.audio.open("rb") as audio:
                        archive.writestr(f"{folder}/recordings/call-{recording.call_id}.wav", audio.read())
        spooled.seek(0)
        offboarding.export.save(f"customer-{offboarding.customer_id}.zip", File(spooled), save=False)
    offboarding.exported_at, offboarding.status = now or timezone.now(), Offboarding.Status.EXPORTED
    offboarding.save()
    return offboarding


def _kept(customer: Customer, held: HeldSet) -> list[dict]:
    holds = LegalHold.objects.filter(released_at__isnull=True)
    grounds = "; ".join(f"legal hold {h.reference}" for h in holds) or "legal hold"
    kept_calls = CallRecord.objects.filter(campaign__customer=customer).filter(held.call_q()).count()
    kept_contacts = Contact.objects.filter(campaign__customer=customer).filter(_held_contacts(held)).count()
    if not (kept_calls or kept_contacts):
        return []
    return [{"what": f"{kept_contacts} contacts and {kept_calls} calls", "ground": grounds}]


def _held_contacts(held: HeldSet) -> Q:
    return Q(campaign_id__in=held.campaigns) | Q(pk__in=held.contacts) | Q(calls__pk__in=held.calls)


@transaction.atomic
def offboarding_delete(*, offboarding: Offboarding, now: dt.datetime | None = None) -> Offboarding:
    """Delete all the customer's campaign data except what a legal hold keeps, and record the counts."""
    now = now or timezone.now()
    customer, held = offboarding.customer, HeldSet.load()
    calls = CallRecord.objects.filter(campaign__customer=customer).exclude(held.call_q())
    recordings = CallRecording.objects.filter(call__in=calls)
    files = list(recordings.values_list("audio", flat=True))
    counts = {
        "recordings": recordings.count(),
        "transcripts": calls.filter(transcript__isnull=False).count(),
        "calls": calls.count(),
    }
    offboarding.kept = _kept(customer, held)
    calls.delete()
    contacts = Contact.objects.filter(campaign__customer=customer).exclude(_held_contacts(held)).distinct()
    counts["contacts"] = Contact.objects.filter(pk__in=contacts.values("pk")).delete()[1].get(Contact._meta.label, 0)
    empty = Campaign.objects.filter(customer=customer, contacts__isnull=True, calls__isnull=True)
    empty = empty.exclude(pk__in=held.campaigns)
    counts["campaigns"] = Campaign.objects.filter(pk__in=empty.values("pk")).delete()[1].get(Campaign._meta.label, 0)
    storage = CallRecording._meta.get_field("audio").storage
    export = offboarding.export
    transaction.on_commit(lambda: [storage.delete(name) for name in files])  # files go once the rows are gone
    if export:
        transaction.on_commit(lambda: export.storage.delete(export.name))
        offboarding.export = ""
    offboarding.deleted_counts, offboarding.deleted_at = counts, now
    offboarding.status = Offboarding.Status.DELETED
    offboarding.certificate_text = render_to_string(
        "subprocessors/emails/deletion_certificate.txt",
        {"organisation": OrganisationProfile.get_solo(), "offboarding": offboarding, "customer": customer},
    ).strip()
    offboarding.save()
    return offboarding  # the certificate goes out from offboardings_run_due, once the deletion is committed


def offboarding_send_certificate(offboarding_id: int) -> None:
    """Email the deletion certificate to the customer's privacy contact; a failure is retried the next night."""
    offboarding = Offboarding.objects.select_related("customer").get(pk=offboarding_id)
    to = offboarding.customer.contact_email
    if not to:
        return  # shown on the dashboard as a certificate not sent
    organisation = OrganisationProfile.get_solo()
    message = EmailMessage(
        subject=f"Deletion certificate: {offboarding.customer.name}'s data at {organisation.legal_name}",
        body=offboarding.certificate_text,
        to=[to],
        reply_to=[organisation.contact_email],
    )
    try:
        message.send()
    except Exception as exc:  # the nightly run sends it again
        logger.warning("Deletion certificate %s not sent: %s", offboarding_id, type(exc).__name__)
        return
    Offboarding.objects.filter(pk=offboarding_id).update(certificate_sent_to=to, certificate_sent_at=timezone.now())


def offboardings_run_due(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Open, export, delete and certify what is due today; return counts per step (idempotent)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"opened": 0, "exported": 0, "deleted": 0}
    for customer in Customer.objects.filter(contract_ended_on__lte=today, offboarding__isnull=True):
        offboarding_open(customer=customer)
        counts["opened"] += 1
    scheduled = Offboarding.objects.filter(status=Offboarding.Status.SCHEDULED, choice=EndOfContract.RETURN_THEN_DELETE)
    for offboarding in scheduled.select_related("customer"):
        offboarding_export(offboarding=offboarding, now=now)
        counts["exported"] += 1
    due = Offboarding.objects.exclude(status=Offboarding.Status.DELETED).filter(
        delete_by__lte=today + DELETE_AHEAD
    ) | Offboarding.objects.filter(status=Offboarding.Status.SCHEDULED, choice=EndOfContract.DELETE)
    for offboarding in due.distinct().select_related("customer"):
        offboarding_delete(offboarding=offboarding, now=now)
        counts["deleted"] += 1
    for pk in Offboarding.objects.filter(status=Offboarding.Status.DELETED, certificate_sent_at=None).values_list(
        "pk", flat=True
    ):
        offboarding_send_certificate(pk)
    return counts
