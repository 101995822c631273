"""Customer account data: a customer whose contract ended longer ago than the policy is deleted whole.

Its campaigns, contacts, calls, recordings and transcripts go with it: as processor we may not keep a
customer's campaign data after the service ends (Art. 28(3)(g)), and the 12-month account period is
the outer bound. A hold on anything of the customer keeps the whole customer. The heavy children are
deleted first in bounded batches; the customer row itself goes through Django's collector so other
apps' rules hold: when a record protects it (e.g. a rights request naming the customer as controller),
the campaign data is still deleted and only the customer and campaign rows stay, said in the run log.
"""

from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone

from callnex_compliance.platform_data.models import CallRecord, Contact, Customer

from ..models import DataCategory
from .batches import keyset_batches
from .context import Preview, PurgeContext
from .holds import HeldSet
from .purgers import NO_POLICY, Purger, delete_calls, delete_contacts


class CustomerPurger(Purger):
    category = DataCategory.CUSTOMER_ACCOUNTS

    def _expired(self, ctx: PurgeContext):
        cutoff = timezone.localdate(ctx.policy_cutoff(self.category))
        return Customer.objects.filter(contract_ended_on__lt=cutoff), ctx.held.customer_ids()

    def run(self, ctx: PurgeContext) -> None:
        if self.category not in ctx.policies:
            ctx.note(self.category, NO_POLICY)
            return
        selected_with = ctx.refreshed_held()
        expired, held = self._expired(ctx)
        ctx.tally(self.category, kept_by_hold=expired.filter(pk__in=held).count())
        protected = 0
        for rows in keyset_batches(expired.exclude(pk__in=held), size=100):
            for (customer_id,) in rows:
                protected += not self._delete_customer(ctx, customer_id, selected_with)
        if protected:
            ctx.note(
                self.category,
                f"{protected} customer(s) kept because other records refer to them (e.g. rights requests); "
                "their campaign data was deleted.",
            )

    def _delete_customer(self, ctx: PurgeContext, customer_id: int, selected_with: HeldSet) -> bool:
        """Delete one customer's data, then the customer; return False when only the customer row stays."""
        calls = CallRecord.objects.filter(campaign__customer_id=customer_id)
        for rows in keyset_batches(calls, size=ctx.batch_size):
            with ctx.batch():
                delete_calls(
                    ctx, ctx.still_unheld(CallRecord, HeldSet.call_q, [r[0] for r in rows], selected_with=selected_with)
                )
        contacts = Contact.objects.filter(campaign__customer_id=customer_id)
        for rows in keyset_batches(contacts, size=ctx.batch_size):
            with ctx.batch():
                delete_contacts(
                    ctx, ctx.still_unheld(Contact, HeldSet.contact_q, [r[0] for r in rows], selected_with=selected_with)
                )
        try:
            with ctx.batch():
                # A hold placed since the customer was selected keeps it (and whatever is still there).
                if customer_id in ctx.refreshed_held().customer_ids():
                    ctx.tally(self.category, kept_by_hold=1)
                    return True
                deleted = Customer.objects.filter(pk=customer_id).delete()[1]
        except (ProtectedError, RestrictedError):
            return False
        ctx.tally(self.category, deleted=deleted.get(Customer._meta.label, 0))
        return True

    def preview(self, ctx: PurgeContext) -> Preview:
        if self.category not in ctx.policies:
            return Preview(note=NO_POLICY)
        expired, held = self._expired(ctx)
        preview = Preview(kept_by_hold=expired.filter(pk__in=held).count())
        for name in expired.exclude(pk__in=held).values_list("name", flat=True).iterator():
            preview.add(name, 1)
        return preview
