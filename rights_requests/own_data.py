"""CallNex's own controller data about a subject: account users, billing contacts, invoices, support tickets.

CallNex answers for this data itself, on the Art. 12(3) clock. Invoices are kept whatever is asked:
the Belgian VAT Code obliges us to keep them (Art. 17(3)(b)), and the letter says so.
"""

from django.db.models import CharField, QuerySet, Value
from django.utils import timezone

from callnex_compliance.platform_data.models import AccountUser, BillingContact, Invoice, SupportTicket, TicketMessage
from callnex_compliance.platform_data.selectors import own_data_matching

from .models import OWN_DATA_KINDS, RightsRequest

MODELS = {
    "account_users": AccountUser,
    "billing_contacts": BillingContact,
    "invoices": Invoice,
    "support_tickets": SupportTicket,
}
LABELS = {
    "account_users": "account user(s)",
    "billing_contacts": "billing contact(s)",
    "invoices": "invoice(s)",
    "support_tickets": "support ticket(s)",
}
# What an erasure keeps, and why (said in the timeline and the completion letter).
KEPT_ON_ERASURE = {
    "invoices": "Belgian VAT Code art. 60 §4 obliges us to keep invoices for 10 years (Art. 17(3)(b) GDPR)",
}
# Which fields rectification may correct, per kind.
RECTIFIABLE = {
    "account_users": {"name": "name", "email": "email", "phone": "phone"},
    "billing_contacts": {"name": "name", "email": "email", "phone": "phone"},
    "support_tickets": {"name": "requester_name", "email": "requester_email"},
}
RESTRICTABLE = ("account_users", "billing_contacts", "support_tickets")


def own_data_find_all(identifiers: list[tuple[str, str]]) -> dict[str, list[int]]:
    """Return the ids of CallNex's own data found by any of the (email, phone) pairs, per kind, without duplicates."""
    found: dict[str, set[int]] = {kind: set() for kind in OWN_DATA_KINDS}
    for email, phone in identifiers:
        for kind, ids in own_data_find(email=email, phone=phone).items():
            found[kind].update(ids)
    return {kind: sorted(ids) for kind, ids in found.items()}


def own_data_find(*, email: str, phone: str) -> dict[str, list[int]]:
    """Return the ids of CallNex's own data about the subject, per kind.

    One round trip: the per-kind index lookups are sent as a single UNION ALL.
    """
    found: dict[str, list[int]] = {kind: [] for kind in OWN_DATA_KINDS}
    parts = [
        queryset.order_by().annotate(kind=Value(kind, output_field=CharField())).values_list("kind", "pk")
        for kind, queryset in own_data_matching(email=email, phone=phone).items()
        if not queryset.query.is_empty()
    ]
    if parts:
        for kind, pk in parts[0].union(*parts[1:], all=True):
            found[kind].append(pk)
    return {kind: sorted(ids) for kind, ids in found.items()}


def own_data_counts(rights_request: RightsRequest) -> dict[str, int]:
    return {kind: len(rights_request.own_data.get(kind, [])) for kind in OWN_DATA_KINDS}


def own_data_summary(counts: dict[str, int]) -> str:
    """Return e.g. '1 account user(s), 0 billing contact(s), 2 invoice(s), 1 support ticket(s)'."""
    return ", ".join(f"{counts[kind]} {LABELS[kind]}" for kind in OWN_DATA_KINDS)


def rows(rights_request: RightsRequest, kind: str) -> QuerySet:
    return MODELS[kind].objects.filter(pk__in=rights_request.own_data.get(kind, []))


def own_data_export_rows(rights_request: RightsRequest) -> dict[str, list[dict]]:
    """Return every row of the subject's own data for the access export, restricted rows included (Art. 18)."""
    users = [
        {
            "customer": u.customer.name,
            "name": u.name,
            "email": u.email,
            "phone": u.phone,
            "created_at": u.created_at.isoformat(),
            "last_login_at": u.last_login_at.isoformat() if u.last_login_at else "",
            "restricted": u.processing_restricted_at is not None,
        }
        for u in rows(rights_request, "account_users").select_related("customer").order_by("pk")
    ]
    contacts = [
        {
            "customer": c.customer.name,
            "name": c.name,
            "email": c.email,
            "phone": c.phone,
            "restricted": c.processing_restricted_at is not None,
        }
        for c in rows(rights_request, "billing_contacts").select_related("customer").order_by("pk")
    ]
    invoices = [
        {"number": i.number, "issued_on": i.issued_on.isoformat(), "billed_to": i.billed_to, "sent_to": i.sent_to_email}
        for i in rows(rights_request, "invoices").order_by("issued_on", "pk")
    ]
    tickets = list(rows(rights_request, "support_tickets").order_by("opened_at", "pk"))
    messages = TicketMessage.objects.filter(ticket__in=tickets).order_by("ticket_id", "sent_at", "pk")
    ticket_rows = [
        {
            "ticket": t.pk,
            "subject": t.subject,
            "name": t.requester_name,
            "email": t.requester_email,
            "status": t.status,
            "opened_at": t.opened_at.isoformat(),
            "closed_at": t.closed_at.isoformat() if t.closed_at else "",
            "restricted": t.processing_restricted_at is not None,
        }
        for t in tickets
    ]
    message_rows = [
        {"ticket": m.ticket_id, "author": m.author, "sent_at": m.sent_at.isoformat(), "body": m.body} for m in messages
    ]
    return {
        "account_users": users,
        "billing_contacts": contacts,
        "invoices": invoices,
        "support_tickets": ticket_rows,
        "support_ticket_messages": message_rows,
    }


def own_data_erase(rights_request: RightsRequest) -> tuple[dict[str, int], dict[str, int]]:
    """Delete the subject's own data except what the law makes us keep; return (deleted, kept) per kind."""
    deleted, kept = {}, {}
    for kind in OWN_DATA_KINDS:
        queryset = rows(rights_request, kind)
        if kind in KEPT_ON_ERASURE:
            kept[kind] = queryset.count()
            continue
        if kind == "support_tickets":
            TicketMessage.objects.filter(ticket__in=queryset.values("pk")).delete()
        deleted[kind] = queryset.delete()[1].get(MODELS[kind]._meta.label, 0)
    return deleted, {kind: n for kind, n in kept.items() if n}


def own_data_restrict(rights_request: RightsRequest, *, lift: bool = False) -> int:
    """Mark (or unmark) the subject's restrictable own data as restricted; return how many rows changed."""
    now = None if lift else timezone.now()
    changed = 0
    for kind in RESTRICTABLE:
        changed += (
            rows(rights_request, kind)
            .filter(processing_restricted_at__isnull=not lift)
            .update(processing_restricted_at=now)
        )
    return changed


def own_data_rectify(rights_request: RightsRequest, changes: dict[str, str]) -> int:
    """Correct the given fields ("name", "email", "phone") on the subject's own data; return rows changed."""
    changed = 0
    for kind, fields in RECTIFIABLE.items():
        values = {fields[name]: value for name, value in changes.items() if name in fields}
        if values:
            changed += rows(rights_request, kind).update(**values)
    return changed
