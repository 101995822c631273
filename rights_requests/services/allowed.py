"""Which workflow steps a request offers now, to whom, and why a step is no longer allowed.

The single place of these rules: the admin's toolbar and workflow pages only render what this returns,
and the services that perform a step check the same blockers (`extension_blocker`, `completion_blocker`)
before they change anything.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from .. import deadlines
from ..models import Instruction, Right, RightsRequest, RightsRequestEvent

Status = RightsRequest.Status
WORKING = (Status.IN_PROGRESS, Status.FORWARDED)
CHANGE = "rights_requests.change_rightsrequest"
APPROVE_ERASURE = "rights_requests.approve_erasure"


def _today():
    return timezone.localdate(timezone=deadlines.BRUSSELS)


def extension_blocker(rights_request: RightsRequest) -> str:
    """Return why the legal deadline can no longer be extended (Art. 12(3): only before it passes), or ''."""
    if _today() > rights_request.extension_allowed_until:
        return (
            f"Too late to extend: the legal deadline ({rights_request.extension_allowed_until:%-d %b %Y}) has passed; "
            "it can no longer be extended."
        )
    return ""


def _own_step_done(rights_request: RightsRequest, right: str) -> bool:
    if right == Right.ERASURE:
        return rights_request.erasure_approved_at is not None
    return rights_request.events.filter(kind=RightsRequestEvent.Kind.RECTIFIED, part_customer__isnull=True).exists()


def _anything_done(rights_request: RightsRequest) -> bool:
    kinds = (RightsRequestEvent.Kind.ERASED, RightsRequestEvent.Kind.RECTIFIED)
    return rights_request.events.filter(kind__in=kinds).exists()


def completion_blocker(rights_request: RightsRequest) -> str:
    """Return why CallNex's own part cannot be completed as fulfilled yet, or ''.

    The completion letter tells the requester their request was carried out: an erasure or a rectification
    with nothing erased or rectified must not be "completed" (the honest answers are doing it, answering
    "no data held", or refusing with a reason).
    """
    pending = [
        right
        for right in (Right.ERASURE, Right.RECTIFICATION)
        if right in rights_request.rights
        and (
            not _own_step_done(rights_request, right)
            if rights_request.has_own_data
            else not _anything_done(rights_request)
        )
    ]
    if not pending:
        return ""
    what = " and ".join("erased" if right == Right.ERASURE else "rectified" for right in pending)
    overdue = (rights_request.days_left() or 0) < 0
    lead = "This request is overdue and nothing" if overdue else "Nothing"
    return (
        f"{lead} was {what} yet: the completion letter would tell the requester it was done. "
        f"Do it first, answer 'no data held', or refuse with a reason."
    )


def _open(r: RightsRequest) -> bool:
    return not r.is_closed


def _working_with(*rights: str) -> Callable[[RightsRequest], bool]:
    return lambda r: _open(r) and r.status in WORKING and any(right in r.rights for right in rights)


def _working_or_instructed(instruction: str, *rights: str) -> Callable[[RightsRequest], bool]:
    """Offered while the request is worked for those rights, or once a customer gave that instruction on its part.

    A customer's part is acted on as instructed whatever the state of CallNex's own part (e.g. identity pending).
    """
    working = _working_with(*rights)
    return lambda r: (
        working(r) or (_open(r) and r.forwardings.filter(closed_at__isnull=True, instruction=instruction).exists())
    )


def _open_forwardings(r: RightsRequest, *, forwarded: bool) -> bool:
    return r.forwardings.filter(forwarded_at__isnull=not forwarded, closed_at__isnull=True).exists()


def _completable(r: RightsRequest) -> bool:
    return (
        _open(r)
        and r.own_part_closed_at is None
        and (r.status in WORKING or (r.status == Status.RECEIVED and "account_users" in r.own_data))
    )


def _complete_blocker(r: RightsRequest) -> str:
    no_data_possible = "account_users" in r.own_data and not r.has_own_data
    return "" if no_data_possible else completion_blocker(r)


def _never(r: RightsRequest) -> str:
    return ""


@dataclass(frozen=True)
class StepRule:
    """When a step is offered (its state fits), who may perform it, and what blocks it now."""

    slug: str
    offered: Callable[[RightsRequest], bool]
    permission: str = CHANGE
    blocker: Callable[[RightsRequest], str] = _never


RULES = {
    rule.slug: rule
    for rule in [
        StepRule("confirm-draft", lambda r: _open(r) and r.status == Status.DRAFT),
        StepRule(
            "ask-identity",
            lambda r: _open(r) and r.status in (Status.RECEIVED, *WORKING) and not r.is_identity_verified,
        ),
        StepRule("verify-identity", lambda r: _open(r) and not r.is_identity_verified),
        StepRule("discover", lambda r: _open(r) and r.status in (Status.RECEIVED, Status.AWAITING_IDENTITY, *WORKING)),
        StepRule("forward", lambda r: _open(r) and _open_forwardings(r, forwarded=False)),
        StepRule("record-instruction", lambda r: _open(r) and _open_forwardings(r, forwarded=True)),
        StepRule("close-forwarding", lambda r: _open(r) and _open_forwardings(r, forwarded=True)),
        StepRule(
            "extend",
            lambda r: (
                _open(r)
                and r.status in (Status.RECEIVED, *WORKING)
                and r.extension_months < deadlines.MAX_EXTENSION_MONTHS
            ),
            blocker=extension_blocker,
        ),
        StepRule("export", _working_or_instructed(Instruction.EXPORT, Right.ACCESS, Right.PORTABILITY)),
        StepRule("erase", _working_or_instructed(Instruction.ERASE, Right.ERASURE), permission=APPROVE_ERASURE),
        StepRule("suppress", _working_or_instructed(Instruction.OBJECT, Right.OBJECTION)),
        StepRule("restrict", _working_or_instructed(Instruction.RESTRICT, Right.RESTRICTION)),
        StepRule("rectify", _working_or_instructed(Instruction.RECTIFY, Right.RECTIFICATION)),
        StepRule("complete", _completable, blocker=_complete_blocker),
        StepRule("refuse", _open),
        StepRule("withdraw", _open),
    ]
}


@dataclass(frozen=True)
class StepState:
    slug: str
    blocked: str  # '' when the step can be taken now; else the reason, shown where the button would be


def rights_request_steps(*, rights_request: RightsRequest, user) -> list[StepState]:
    """Return the steps to show `user` on the request: those its state offers and the user may perform."""
    return [
        StepState(rule.slug, rule.blocker(rights_request))
        for rule in RULES.values()
        if rule.offered(rights_request) and user.has_perm(rule.permission)
    ]


def rights_request_step_blocker(*, rights_request: RightsRequest, slug: str) -> str:
    """Return why step `slug` cannot be taken on the request now ('' when it can)."""
    rule = RULES[slug]
    if not rule.offered(rights_request):
        return "This step does not apply to the request in its current state."
    return rule.blocker(rights_request)
