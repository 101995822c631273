"""The workflow pages of the admin: one form per action, each calling one service.

Each page shows what the action will touch (a live data preview for the search, the linked data for
an erasure) before the user confirms it.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from callnex_compliance.admin_site import admin_object_pk
from callnex_compliance.display import human_date, human_time

from . import forms, services
from .charts import grouped_bars
from .deadlines import add_months
from .discovery import subject_footprint
from .models import Right, RightsRequest
from .selectors import brussels_today
from .statistics import period_statistics

Status = RightsRequest.Status
WORKING = (Status.IN_PROGRESS, Status.FORWARDED)
COUNTED = ("contacts", "calls", "recordings", "transcripts")


def _open(r: RightsRequest) -> bool:
    return not r.is_closed


def _working_with(*rights: str) -> Callable[[RightsRequest], bool]:
    return lambda r: _open(r) and r.status in WORKING and any(right in r.rights for right in rights)


@dataclass(frozen=True)
class WorkflowAction:
    """One admin action on a request: its form, the service it calls, and when it is offered."""

    slug: str
    label: str
    form: type
    perform: Callable[[RightsRequest, object, dict], str]
    available: Callable[[RightsRequest], bool]
    help: str = ""
    post_permission: str = "rights_requests.change_rightsrequest"


def _ask_identity(r, user, data):
    services.rights_request_ask_identity(rights_request=r, actor=user, information_needed=data["information_needed"])
    return "Identity information requested; the clock is paused."


def _verify_identity(r, user, data):
    r = services.rights_request_verify_identity(rights_request=r, actor=user, **data)
    return f"Identity verified; due {r.due_on:%d %B %Y}."


def _discover(r, user, data):
    matches = services.rights_request_link_matches(rights_request=r, actor=user)
    return f"Searched CallNex's own data and linked the campaign data found in {len(matches)} campaign(s)."


def _forward(r, user, data):
    forwardings = services.rights_request_forward_to_controller(rights_request=r, actor=user)
    return f"Forwarded to {len(forwardings)} customer(s)."


def _instruction(r, user, data):
    services.forwarding_record_instruction(rights_request=r, actor=user, **data)
    return "The customer's instruction is recorded."


def _close_forwarding(r, user, data):
    services.forwarding_close(forwarding=data["forwarding"], actor=user, outcome=data["outcome"])
    return "The controller's answer is recorded."


def _extend(r, user, data):
    r = services.rights_request_extend(rights_request=r, actor=user, months=data["months"], reason=data["reason"])
    return f"Extended; now due {human_date(r.due_on)}. The requester was told."


def _export(r, user, data):
    export = services.rights_request_export(rights_request=r, actor=user, customer=data["customer"])
    return f"Export #{export.pk} is ready to download until {human_time(export.expires_at)}."


def _erase(r, user, data):
    counts = services.rights_request_approve_erasure(rights_request=r, actor=user, customer=data["customer"])
    return "Erased: " + ", ".join(f"{count} {name}" for name, count in counts.items() if name != "kept") + "."


def _suppress(r, user, data):
    services.rights_request_suppress(rights_request=r, actor=user, customer=data["customer"])
    return "The number is on the suppression list."


def _restrict(r, user, data):
    count = services.rights_request_restrict(rights_request=r, actor=user, customer=data["customer"])
    return f"Restricted {count} record(s)."


def _rectify(r, user, data):
    count = services.rights_request_rectify(rights_request=r, actor=user, **data)
    return f"Rectified {count} record(s)."


def _complete(r, user, data):
    services.rights_request_complete(rights_request=r, actor=user, **data)
    return "CallNex's own part is completed; its letter was sent."


def _refuse(r, user, data):
    services.rights_request_refuse(rights_request=r, actor=user, reason=data["reason"], text=data["text"])
    return "Refused; the letter with the right to complain was sent."


def _withdraw(r, user, data):
    services.rights_request_withdraw(rights_request=r, actor=user, note=data["note"])
    return "Marked as withdrawn."


ACTIONS = {
    action.slug: action
    for action in [
        WorkflowAction(
            "ask-identity",
            "Ask for identity",
            forms.AskIdentityForm,
            _ask_identity,
            lambda r: _open(r) and r.status in (Status.RECEIVED, *WORKING) and not r.is_identity_verified,
            "Emails the requester and pauses the clock until they answer (not once verified or overdue).",
        ),
        WorkflowAction(
            "verify-identity",
            "Identity verified",
            forms.VerifyIdentityForm,
            _verify_identity,
            lambda r: _open(r) and not r.is_identity_verified,
            "Resumes the clock from the day the answer was received; the due date moves by the paused days.",
        ),
        WorkflowAction(
            "discover",
            "Find data",
            forms.ConfirmForm,
            _discover,
            lambda r: _open(r) and r.status in (Status.RECEIVED, Status.AWAITING_IDENTITY, *WORKING),
            "Searches CallNex's own data (account users, billing contacts, invoices, support tickets) and the "
            "customers' contacts, calls, recordings and transcripts by the requester's email and phone. "
            "Linking replaces earlier links; each customer with data gets its own part, to forward.",
        ),
        WorkflowAction(
            "forward",
            "Forward to controller",
            forms.ConfirmForm,
            _forward,
            lambda r: _open(r) and r.forwardings.filter(forwarded_at__isnull=True).exists(),
            "Emails the request to each customer's privacy contact (we are their processor); a customer without "
            "one blocks the forwarding.",
        ),
        WorkflowAction(
            "record-instruction",
            "Record customer's instruction",
            forms.InstructionForm,
            _instruction,
            lambda r: _open(r) and r.forwardings.filter(forwarded_at__isnull=False, closed_at__isnull=True).exists(),
            "Only then may we act on that customer's data, only on it and only as instructed.",
        ),
        WorkflowAction(
            "close-forwarding",
            "Record controller's answer",
            forms.CloseForwardingForm,
            _close_forwarding,
            lambda r: _open(r) and r.forwardings.filter(forwarded_at__isnull=False, closed_at__isnull=True).exists(),
        ),
        WorkflowAction(
            "extend",
            "Extend deadline",
            forms.ExtendForm,
            _extend,
            lambda r: _open(r) and r.status in (Status.RECEIVED, *WORKING) and r.extension_months < 2,
            "Only before the original legal deadline; the requester is told why.",
        ),
        WorkflowAction(
            "export", "Export data", forms.PartForm, _export, _working_with(Right.ACCESS, Right.PORTABILITY)
        ),
        WorkflowAction(
            "erase",
            "Erase data",
            forms.PartForm,
            _erase,
            _working_with(Right.ERASURE),
            "CallNex's own part: deletes account users, billing contacts and tickets (invoices are kept by law). "
            "A customer's part: deletes its linked contacts, calls, recordings and transcripts. "
            "Only a data protection contact can approve.",
            post_permission="rights_requests.approve_erasure",
        ),
        WorkflowAction("suppress", "Never call again", forms.PartForm, _suppress, _working_with(Right.OBJECTION)),
        WorkflowAction("restrict", "Restrict processing", forms.PartForm, _restrict, _working_with(Right.RESTRICTION)),
        WorkflowAction("rectify", "Rectify data", forms.RectifyForm, _rectify, _working_with(Right.RECTIFICATION)),
        WorkflowAction(
            "complete",
            "Complete CallNex's part",
            forms.CompleteForm,
            _complete,
            lambda r: (
                _open(r)
                and r.own_part_closed_at is None
                and (r.status in WORKING or (r.status == Status.RECEIVED and "account_users" in r.own_data))
            ),
        ),
        WorkflowAction(
            "refuse",
            "Refuse",
            forms.RefuseForm,
            _refuse,
            _open,
            "The letter tells the requester of their right to complain to the supervisory authority.",
        ),
        WorkflowAction("withdraw", "Mark as withdrawn", forms.WithdrawForm, _withdraw, _open),
    ]
}


def available_actions(rights_request: RightsRequest) -> list[WorkflowAction]:
    """Return the actions that make sense for the request's current state."""
    return [action for action in ACTIONS.values() if action.available(rights_request)]


def _footprint_by_customer(rights_request: RightsRequest) -> list[dict]:
    groups: dict = {}
    for footprint in subject_footprint(email=rights_request.requester_email, phone=rights_request.requester_phone):
        group = groups.setdefault(
            footprint.customer.pk,
            {"customer": footprint.customer, "campaigns": [], **dict.fromkeys(COUNTED, 0)},
        )
        group["campaigns"].append(footprint)
        group["contacts"] += len(footprint.contact_ids)
        group["calls"] += len(footprint.call_ids)
        group["recordings"] += footprint.recordings
        group["transcripts"] += footprint.transcripts
    return list(groups.values())


def _linked(rights_request: RightsRequest):
    return rights_request.matches.select_related("customer", "campaign")


def workflow_view(model_admin, request: HttpRequest, object_id: str, slug: str) -> HttpResponse:
    """Show an action's form (with its preview) and, on POST, perform it through its service."""
    action = ACTIONS.get(slug)
    if action is None:
        raise Http404("Unknown action.")
    rights_request = get_object_or_404(
        RightsRequest.objects.select_related("assignee", "customer"), pk=admin_object_pk(object_id)
    )
    if not model_admin.has_change_permission(request, rights_request):
        raise PermissionDenied
    form_kwargs = {"rights_request": rights_request} if getattr(action.form, "needs_request", False) else {}
    form = action.form(request.POST if request.method == "POST" else None, **form_kwargs)
    if request.method == "POST":
        if not request.user.has_perm(action.post_permission):
            raise PermissionDenied
        if form.is_valid():
            try:
                message = action.perform(rights_request, request.user, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, f"{rights_request.reference}: {message}")
                return redirect("admin:rights_requests_rightsrequest_change", rights_request.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": RightsRequest._meta,
        "original": rights_request,
        "title": f"{action.label}: {rights_request.reference}",
        "action": action,
        "form": form,
        "can_perform": request.user.has_perm(action.post_permission),
        "footprint": _footprint_by_customer(rights_request) if slug == "discover" else None,
        "matches": _linked(rights_request) if slug in ("erase", "export") else None,
        "kept_by_hold": services.erasure_plan(rights_request=rights_request)[2] if slug == "erase" else None,
        "forwardings": rights_request.forwardings.select_related("customer") if slug == "forward" else None,
    }
    return TemplateResponse(request, "rights_requests/admin/workflow.html", context)


def _period(request: HttpRequest) -> tuple[dt.date, dt.date] | str:
    """Return the requested period (?from=&to=, ISO dates; default: the last 12 months) or an error."""
    today = brussels_today()
    try:
        end = dt.date.fromisoformat(request.GET["to"]) if request.GET.get("to") else today
        start = dt.date.fromisoformat(request.GET["from"]) if request.GET.get("from") else None
    except ValueError:
        return "Dates are written YYYY-MM-DD."
    start = start or (add_months(end, -12) + dt.timedelta(days=1))
    if start > end:
        return "The start of the period comes after its end."
    if (end - start).days > 3 * 366:
        return "Choose a period of at most three years."
    return start, end


def statistics_view(model_admin, request: HttpRequest) -> TemplateResponse:
    """Show the rights-request figures of a period, month by month, with a bar chart (no personal data)."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    period = _period(request)
    context = {**model_admin.admin_site.each_context(request), "title": "Rights-request statistics",
               "opts": model_admin.model._meta}  # fmt: skip
    if isinstance(period, str):
        context["error"] = period
        return TemplateResponse(request, "rights_requests/admin/statistics.html", context, status=400)
    start, end = period
    total, months = period_statistics(start=start, end=end)
    labels = [f"{m.start:%Y-%m}" for m in months]
    chart = grouped_bars(
        labels,
        [
            ("Received", "#4a6fa5", [m.received for m in months]),
            ("Answered", "#7a9e5a", [m.answered for m in months]),
            ("Answered within the legal deadline", "#2e5d2e", [m.within_legal_deadline for m in months]),
        ],
    )
    context.update(start=start, end=end, months=months, total=total, total_rows=[total], chart=chart)
    return TemplateResponse(request, "rights_requests/admin/statistics.html", context)
