"""Seed CallNex's default retention schedule (domain.md); existing rows are never overwritten."""

from django.db import migrations
from django.utils import timezone

# category, role, period, unit, anchor, action, justification
DEFAULTS = [
    ("call_recordings", "processor", 30, "days", "call_ended", "delete",
     "Quality review and dispute handling on the customer's instructions (DPA). A customer may set a "
     "shorter window per campaign."),
    ("transcripts", "processor", 30, "days", "call_ended", "delete",
     "Derived from the recording for the same purposes; kept no longer than the recording."),
    ("call_records", "processor", 12, "months", "call_ended", "delete",
     "Call metadata for the customer's reporting, invoicing reconciliation and disputes over a yearly cycle."),
    ("campaign_contacts", "processor", 90, "days", "campaign_ended", "delete",
     "Contact lists are needed while a campaign runs and for its follow-up only."),
    ("customer_accounts", "controller", 12, "months", "contract_ended", "delete",
     "Contract administration and claims after the contract ends (Art. 6(1)(b) and (f)). Deleting the "
     "customer also deletes its remaining campaign data, which a processor must not keep after the "
     "service ends (Art. 28(3)(g))."),
    ("billing_records", "controller", 10, "years", "invoice_next_jan", "delete",
     "Belgian VAT Code art. 60 §4 (since 1 January 2023): invoices are kept 10 years from 1 January of "
     "the year after the invoice date (Art. 6(1)(c)). A billing contact person is account data."),
    ("support_tickets", "controller", 24, "months", "ticket_closed", "delete",
     "Follow-up questions and complaints about the service (Art. 6(1)(b) and (f))."),
    ("rights_request_files", "controller", 3, "years", "request_closed", "anonymise",
     "Proof that each request was answered in time (Art. 5(2)) and defence of claims; afterwards the "
     "requester's identity is removed and only the anonymous record stays."),
    ("unconfirmed_subscriptions", "controller", 7, "days", "created", "delete",
     "An address nobody confirmed has no consent behind it; kept only long enough to be confirmed."),
]


def seed(apps, schema_editor):
    policy_model = apps.get_model("retention", "RetentionPolicy")
    history_model = apps.get_model("retention", "HistoricalRetentionPolicy")
    now = timezone.now()
    for category, role, value, unit, anchor, action, justification in DEFAULTS:
        policy, created = policy_model.objects.get_or_create(
            category=category,
            defaults={
                "role": role,
                "period_value": value,
                "period_unit": unit,
                "anchor": anchor,
                "action": action,
                "justification": justification,
            },
        )
        if created:
            history_model.objects.create(
                id=policy.pk,
                category=category,
                role=role,
                period_value=value,
                period_unit=unit,
                anchor=anchor,
                action=action,
                justification=justification,
                updated_at=policy.updated_at,
                history_date=now,
                history_type="+",
                history_change_reason="Default of the CallNex retention schedule",
            )


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
