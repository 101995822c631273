"""The set of platform rows under an active legal hold, expanded to what each purger needs.

Holds are few (tens), so their targets are loaded as id sets; the rows they cover are excluded in SQL.
A hold on a contact or call also keeps its customer (deleting the customer would take them along),
and a hold on a call keeps its contact (purging the contact would unlink the held call).
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q

from callnex_compliance.platform_data.models import CallRecord, Campaign, Contact

from ..models import HoldScope, LegalHold


def holds_fingerprint() -> tuple[int, int]:
    """Return (active holds, highest hold id): changes whenever a hold is placed."""
    found = LegalHold.objects.filter(released_at__isnull=True).aggregate(n=Count("pk"), last=Max("pk"))
    return found["n"], found["last"] or 0


@dataclass(frozen=True)
class HeldSet:
    customers: frozenset[int] = frozenset()
    campaigns: frozenset[int] = frozenset()
    contacts: frozenset[int] = frozenset()
    calls: frozenset[int] = frozenset()
    fingerprint: tuple[int, int] = (0, 0)

    @classmethod
    def load(cls) -> "HeldSet":
        """Read the active holds and expand customer holds to their campaigns."""
        fingerprint = holds_fingerprint()
        targets = {"customer": set(), "campaign": set(), "contact": set(), "call": set()}
        # Holds on rights-request files concern no platform row: the anonymisation reads those itself.
        platform_holds = LegalHold.objects.filter(released_at__isnull=True).exclude(scope=HoldScope.RIGHTS_REQUEST)
        for scope, *ids in platform_holds.values_list("scope", "customer_id", "campaign_id", "contact_id", "call_id"):
            targets[scope].update(i for i in ids if i is not None)
        campaigns = targets["campaign"] | set(
            Campaign.objects.filter(customer_id__in=targets["customer"]).values_list("pk", flat=True)
        )
        return cls(
            customers=frozenset(targets["customer"]),
            campaigns=frozenset(campaigns),
            contacts=frozenset(targets["contact"]),
            calls=frozenset(targets["call"]),
            fingerprint=fingerprint,
        )

    @property
    def empty(self) -> bool:
        return not (self.campaigns or self.contacts or self.calls)

    def call_q(self, prefix: str = "") -> Q:
        """Return the condition "this call is held", for CallRecord or, with a prefix, its children."""
        return (
            Q(**{f"{prefix}campaign_id__in": self.campaigns})
            | Q(**{f"{prefix}contact_id__in": self.contacts})
            | Q(**{f"{prefix}id__in": self.calls})
        )

    def contact_q(self) -> Q:
        """Return the condition "this contact is held": directly, by its campaign, or by a held call."""
        held_call = CallRecord.objects.filter(contact_id=OuterRef("pk")).filter(
            Q(id__in=self.calls) | Q(campaign_id__in=self.campaigns)
        )
        condition = Q(id__in=self.contacts) | Q(campaign_id__in=self.campaigns)
        return condition | Exists(held_call) if (self.calls or self.campaigns) else condition

    def customer_ids(self) -> set[int]:
        """Return the customers that hold anything held, so the customer purge keeps them whole."""
        customers = set(self.customers)
        customers |= set(Campaign.objects.filter(pk__in=self.campaigns).values_list("customer_id", flat=True))
        customers |= set(Contact.objects.filter(pk__in=self.contacts).values_list("campaign__customer_id", flat=True))
        customers |= set(CallRecord.objects.filter(pk__in=self.calls).values_list("campaign__customer_id", flat=True))
        return customers
