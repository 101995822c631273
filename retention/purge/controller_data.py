"""CallNex's own controller data: account users and billing contacts, invoices, support tickets.

Each category has its own anchor (domain.md "Retention schedule"): account data counts from the
customer's contract end, invoices from 1 January of the year after the invoice date (Belgian VAT Code
art. 60 §4), tickets from their closure. A legal hold on the customer keeps all three.
These rows are few compared with calls, so one pass of bounded batches per category is enough.
"""

from django.db.models import Count, Model, Q, QuerySet
from django.utils import timezone

from callnex_compliance.platform_data.models import (
    AccountUser,
    BillingContact,
    Invoice,
    SupportTicket,
    TicketMessage,
)

from ..models import DataCategory
from ..models.policies import first_kept_invoice_date
from .batches import delete_in, keyset_batches
from .context import Preview, PurgeContext
from .purgers import NO_POLICY, Purger


class ControllerDataPurger(Purger):
    """Delete one model's expired rows of customers not under a legal hold, batch by batch."""

    models: tuple[type[Model], ...]
    customer_name = "customer__name"

    def expired(self, ctx: PurgeContext, model: type[Model]) -> Q:
        raise NotImplementedError

    def _candidates(self, ctx: PurgeContext, model: type[Model]) -> tuple[QuerySet, int]:
        rows = model.objects.filter(self.expired(ctx, model))
        held = ctx.refreshed_held().customer_ids()
        if not held:
            return rows, 0
        return rows.exclude(customer_id__in=held), rows.filter(customer_id__in=held).count()

    def delete_batch(self, model: type[Model], ids: list[int]) -> int:
        return delete_in(model, "pk", ids)

    def run(self, ctx: PurgeContext) -> None:
        if self.category not in ctx.policies:
            ctx.note(self.category, NO_POLICY)
            return
        for model in self.models:
            candidates, kept = self._candidates(ctx, model)
            ctx.tally(self.category, kept_by_hold=kept)
            for rows in keyset_batches(candidates, size=ctx.batch_size):
                with ctx.batch():
                    # A hold placed since the selection keeps the rows of its customer.
                    ids = list(
                        model.objects.filter(pk__in=[r[0] for r in rows])
                        .exclude(customer_id__in=ctx.refreshed_held().customer_ids())
                        .values_list("pk", flat=True)
                    )
                    ctx.tally(self.category, deleted=self.delete_batch(model, ids) if ids else 0)

    def preview(self, ctx: PurgeContext) -> Preview:
        if self.category not in ctx.policies:
            return Preview(note=NO_POLICY)
        preview = Preview()
        for model in self.models:
            candidates, kept = self._candidates(ctx, model)
            preview.count_kept(kept)
            for row in candidates.values(self.customer_name).annotate(n=Count("pk")).order_by():
                preview.add(row[self.customer_name] or "(former customer)", row["n"])
        return preview


class AccountDataPurger(ControllerDataPurger):
    """Account users and billing contacts, 12 months (default) after the customer's contract ended.

    Runs before the customer purger, so they go even when another record protects the customer row.
    """

    category = DataCategory.CUSTOMER_ACCOUNTS
    models = (AccountUser, BillingContact)

    def expired(self, ctx: PurgeContext, model: type[Model]) -> Q:
        return Q(customer__contract_ended_on__lt=timezone.localdate(ctx.policy_cutoff(self.category)))


class InvoicePurger(ControllerDataPurger):
    """Invoices, 10 years (default) counted from 1 January of the year after the invoice date."""

    category = DataCategory.BILLING_RECORDS
    models = (Invoice,)
    customer_name = "billed_to"

    def expired(self, ctx: PurgeContext, model: type[Model]) -> Q:
        cutoff = timezone.localdate(ctx.policy_cutoff(self.category))
        return Q(issued_on__lt=first_kept_invoice_date(cutoff))


class SupportTicketPurger(ControllerDataPurger):
    """Support tickets with their messages, 24 months (default) after the ticket was closed."""

    category = DataCategory.SUPPORT_TICKETS
    models = (SupportTicket,)

    def expired(self, ctx: PurgeContext, model: type[Model]) -> Q:
        return Q(closed_at__lt=ctx.policy_cutoff(self.category))

    def delete_batch(self, model: type[Model], ids: list[int]) -> int:
        delete_in(TicketMessage, "ticket_id", ids)
        return delete_in(SupportTicket, "pk", ids, handled=(TicketMessage,))
