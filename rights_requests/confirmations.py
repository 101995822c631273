"""What an irreversible or outward step of a request will do, shown on its confirmation page before it runs.

Read-only: each function returns the rows to be deleted and kept (and why), or the letter (recipient,
subject, text) exactly as the service would send it with the values entered.
"""

import copy

from django.db.models import Q

from callnex_compliance.confirmation import Letter, Plan
from callnex_compliance.platform_data.models import CallRecording, Customer, Transcript
from retention.models import LegalHold

from . import deadlines, own_data
from .letters import letter_parts, letter_render
from .models import OWN_DATA_KINDS, RightsRequest, RightsRequestLetter
from .services import erasure_plan


def _letter(rights_request: RightsRequest, kind: str, **kwargs) -> Letter:
    to_email, subject, body = letter_render(rights_request=rights_request, kind=kind, **kwargs)
    return Letter(to_email or "(no e-mail address: stored for posting)", subject, body)


def _active_holds_of(customer: Customer):
    covers = (
        Q(customer=customer)
        | Q(campaign__customer=customer)
        | Q(contact__campaign__customer=customer)
        | Q(call__campaign__customer=customer)
    )
    return LegalHold.objects.filter(covers, released_at__isnull=True).order_by("pk")


def erase_plan(rights_request: RightsRequest, customer: Customer | None) -> Plan:
    """Return what erasing one part deletes per table, and what it keeps (legal obligation, legal hold)."""
    if customer is None:
        counts = own_data.own_data_counts(rights_request)
        plan = Plan("Deletes CallNex's own data about the person (CallNex decides as controller).")
        plan.deleted = [(own_data.LABELS[k], counts[k]) for k in OWN_DATA_KINDS if k not in own_data.KEPT_ON_ERASURE]
        plan.kept = [(own_data.LABELS[k], counts[k], why) for k, why in own_data.KEPT_ON_ERASURE.items() if counts[k]]
        return plan
    calls, contacts, kept = erasure_plan(rights_request=rights_request, customer=customer)
    call_ids = list(calls.values_list("pk", flat=True))
    plan = Plan(
        f"Deletes the linked campaign data of {customer.name}, as that customer instructed (we are its processor)."
    )
    plan.deleted = [
        ("contact(s)", contacts.count()),
        ("call record(s)", len(call_ids)),
        ("call recording(s) (audio files deleted)", CallRecording.objects.filter(call_id__in=call_ids).count()),
        ("transcript(s)", Transcript.objects.filter(call_id__in=call_ids).count()),
    ]
    if any(kept.values()):
        holds = "; ".join(f"{hold.reference}: {hold.reason}" for hold in _active_holds_of(customer)[:5])
        why = f"under a legal hold (Art. 17(3)(e)) until it is released — {holds}" if holds else "under a legal hold"
        plan.kept = [
            (what, count, why)
            for what, count in (("contact(s)", kept["contacts"]), ("call(s)", kept["calls"]))
            if count
        ]
    plan.notes.append("Earlier exports of this part are deleted too. This cannot be undone.")
    return plan


def complete_plan(rights_request: RightsRequest, data: dict) -> Plan:
    """Return the completion (or 'no data held') letter as it will be sent with the values entered."""
    draft = copy.copy(rights_request)
    draft.outcome_text = data.get("outcome_text", "")
    draft.own_outcome = data.get("outcome", RightsRequest.Outcome.FULFILLED)
    no_data = draft.own_outcome == RightsRequest.Outcome.NO_DATA
    kind = RightsRequestLetter.Kind.NO_DATA if no_data else RightsRequestLetter.Kind.COMPLETION
    plan = Plan("Closes CallNex's own part and sends this letter to the requester.")
    plan.letters.append(_letter(draft, kind, context=letter_parts(rights_request)))
    if rights_request.forwardings.filter(closed_at__isnull=True).exists():
        plan.notes.append("Customer parts are still open: the request closes once they are closed too.")
    return plan


def refuse_plan(rights_request: RightsRequest, data: dict) -> Plan:
    """Return the refusal letter as it will be sent with the reason and explanation entered."""
    draft = copy.copy(rights_request)
    draft.refusal_reason, draft.outcome_text = data.get("reason", ""), data.get("text", "")
    draft.own_outcome = RightsRequest.Outcome.REFUSED
    plan = Plan("Refuses CallNex's own part and sends this letter, with the right to complain, to the requester.")
    plan.letters.append(_letter(draft, RightsRequestLetter.Kind.REFUSAL, context=letter_parts(rights_request)))
    return plan


def extend_plan(rights_request: RightsRequest, data: dict) -> Plan:
    """Return the extension notice with the new due date, as it will be sent."""
    months = int(data.get("months") or 1)
    draft = copy.copy(rights_request)
    draft.extension_months = rights_request.extension_months + months
    due_on = deadlines.due_date(
        rights_request.received_on, paused_days=rights_request.paused_days, extension_months=draft.extension_months
    )
    draft.due_on = due_on
    plan = Plan(f"Extends the deadline by {months} month(s), to {due_on:%-d %b %Y}, and tells the requester why.")
    context = {"months": months, "reason": data.get("reason", ""), "due_on": due_on}
    plan.letters.append(_letter(draft, RightsRequestLetter.Kind.EXTENSION_NOTICE, context=context))
    return plan


def forward_plan(rights_request: RightsRequest, data: dict) -> Plan:
    """Return the customers the request will be e-mailed to, with their privacy contact."""
    pending = rights_request.forwardings.filter(forwarded_at__isnull=True).select_related("customer")
    plan = Plan("E-mails the request to each customer's privacy contact (we are their processor).")
    for forwarding in pending:
        address = forwarding.customer.contact_email or "no privacy contact: the forwarding will be refused"
        plan.notes.append(f"{forwarding.customer.name} — {address}")
    return plan


def withdraw_plan(rights_request: RightsRequest, data: dict) -> Plan:
    return Plan("Closes the request as withdrawn by the requester. No letter is sent; it cannot be reopened.")


PLANS = {
    "complete": complete_plan,
    "refuse": refuse_plan,
    "extend": extend_plan,
    "forward": forward_plan,
    "withdraw": withdraw_plan,
}


def step_plan(slug: str, rights_request: RightsRequest, data: dict) -> Plan | None:
    """Return the confirmation content of step `slug` with the form's cleaned `data` (None: no confirmation)."""
    if slug == "erase":
        return erase_plan(rights_request, data.get("customer"))
    plan = PLANS.get(slug)
    return plan(rights_request, data) if plan else None
