"""Customer account data: a customer whose contract ended longer ago than the policy is deleted whole.

Its campaigns, contacts, calls, recordings and transcripts go with it: as processor we may not keep a
customer's campaign data after the service ends (Art. 28(3)(g)), and the 12-month account period is
the outer bound. A hold on anything of the customer keeps the whole customer. The heavy children are
deleted first in bounded batches; the customer row itself goes through Django's collector so any
other app's PROTECT / CASCADE rules on customers and campaigns are honoured.
"""

from django.db.models import PROTECT, RESTRICT, Model
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone

from callnex_compliance.platform_data.models import CallRecord, Campaign, Contact, Customer

from ..models import DataCategory
from .batches import keyset_batches
from .context import Preview, PurgeContext
from .holds import HeldSet
from .purgers import Purger, delete_calls, delete_contacts

PROTECTED_NOTE = "Some customers are kept because other records protect them; see the admin."


def _protecting_relations(model: type[Model]) -> list:
    return [
        relation
        for relation in model._meta.get_fields(include_hidden=True)
        if relation.auto_created
        and not relation.concrete
        and getattr(relation, "on_delete", None) in (PROTECT, RESTRICT)
    ]


def _is_protected(customer_id: int) -> bool:
    """Return True when another record forbids deleting the customer or one of its campaigns."""
    for model, path in ((Customer, "{}"), (Campaign, "{}__customer")):
        for relation in _protecting_relations(model):
            lookup = path.format(relation.field.name)
            if relation.related_model._base_manager.filter(**{lookup: customer_id}).exists():
                return True
    return False


class CustomerPurger(Purger):
    category = DataCategory.CUSTOMER_ACCOUNTS

    def _expired(self, ctx: PurgeContext):
        cutoff = ctx.policy_cutoff(self.category)
        if cutoff is None:
            return None, Customer.objects.none()
        expired = Customer.objects.filter(contract_ended_on__lt=timezone.localdate(cutoff))
        return ctx.held.customer_ids(), expired

    def run(self, ctx: PurgeContext) -> None:
        if self.category not in ctx.policies:
            ctx.note(self.category, "No retention policy for this category: nothing was purged.")
            return
        selected_with = ctx.refreshed_held()
        held, expired = self._expired(ctx)
        ctx.tally(self.category, kept_by_hold=expired.filter(pk__in=held).count())
        for rows in keyset_batches(expired.exclude(pk__in=held), keys=("pk",), size=100):
            for (customer_id,) in rows:
                if _is_protected(customer_id):
                    ctx.tally(self.category, errors=1)
                    ctx.note(self.category, PROTECTED_NOTE)
                    continue
                self._delete_customer(ctx, customer_id, selected_with)

    def _delete_customer(self, ctx: PurgeContext, customer_id: int, selected_with: HeldSet) -> None:
        calls = CallRecord.objects.filter(campaign__customer_id=customer_id)
        for rows in keyset_batches(calls, keys=("pk",), size=ctx.batch_size):
            with ctx.batch():
                delete_calls(
                    ctx,
                    ctx.still_unheld(CallRecord, HeldSet.call_q, [pk for (pk,) in rows], selected_with=selected_with),
                )
        contacts = Contact.objects.filter(campaign__customer_id=customer_id)
        for rows in keyset_batches(contacts, keys=("pk",), size=ctx.batch_size):
            with ctx.batch():
                delete_contacts(
                    ctx,
                    ctx.still_unheld(Contact, HeldSet.contact_q, [pk for (pk,) in rows], selected_with=selected_with),
                )
        try:
            with ctx.batch():
                # A hold placed since the run started keeps the customer (its calls were not held then).
                if customer_id in ctx.refreshed_held().customer_ids():
                    ctx.tally(self.category, kept_by_hold=1)
                    return
                deleted = Customer.objects.filter(pk=customer_id).delete()[1]
        except (ProtectedError, RestrictedError):
            ctx.tally(self.category, errors=1)
            ctx.note(self.category, PROTECTED_NOTE)
            return
        ctx.tally(self.category, deleted=deleted.get(Customer._meta.label, 0))

    def preview(self, ctx: PurgeContext) -> Preview:
        preview = Preview()
        if self.category not in ctx.policies:
            preview.note = "No retention policy for this category: nothing would be purged."
            return preview
        held, expired = self._expired(ctx)
        preview.kept_by_hold = expired.filter(pk__in=held).count()
        for name in expired.exclude(pk__in=held).values_list("name", flat=True).iterator():
            preview.add(name, 1)
        return preview
