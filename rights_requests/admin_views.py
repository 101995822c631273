"""The workflow pages of the admin: one form per action, each calling one service.

Each page shows what the action will touch (a live data preview for the search, the linked data for
an erasure) before the user confirms it.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from callnex_compliance import confirmation
from callnex_compliance.admin_site import admin_object_pk
from callnex_compliance.display import human_date, human_time
from callnex_compliance.platform_data.models import Transcript

from . import confirmations, forms, services
from .admin_discovery import discovery_context
from .charts import grouped_bars
from .deadlines import add_months
from .models import FileReview, Instruction, RightsRequest
from .selectors import brussels_today, intake_deadlines, part_files
from .services.allowed import RULES, rights_request_step_blocker, rights_request_steps
from .services.drafts import rights_request_confirm_draft
from .statistics import period_statistics

PRIMARY, SECONDARY, DESTRUCTIVE = "primary", "secondary", "destructive"


@dataclass(frozen=True)
class WorkflowAction:
    """One admin step on a request: its form, the service it calls and its place in the toolbar.

    When it is offered, to whom and what blocks it live in `services.allowed` (one place for the rules).
    """

    slug: str
    label: str
    form: type
    perform: Callable[[RightsRequest, object, dict], str]
    group: str = PRIMARY
    help: str = ""
    stay: bool = False  # after success, show the action's page again (its results) instead of the request


def _confirm_draft(r, user, data):
    rights_request_confirm_draft(rights_request=r, actor=user, **data)
    return "Draft confirmed; the deadline still counts from the e-mail's arrival."


def _ask_identity(r, user, data):
    services.rights_request_ask_identity(rights_request=r, actor=user, information_needed=data["information_needed"])
    return "Identity information requested; the clock is paused."


def _verify_identity(r, user, data):
    r = services.rights_request_verify_identity(rights_request=r, actor=user, **data)
    return f"Identity verified; due {r.due_on:%d %B %Y}."


def _discover(r, user, data):
    if data["email"] or data["phone"]:
        services.rights_request_add_identifiers(
            rights_request=r, actor=user, emails=[data["email"]], phones=[data["phone"]]
        )
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
            "confirm-draft",
            "Confirm the request",
            forms.ConfirmDraftForm,
            _confirm_draft,
            help="Confirms the rights and the role of a request that arrived by e-mail; its deadline already runs "
            "from the moment the message arrived.",
        ),
        WorkflowAction(
            "discover",
            "Find data",
            forms.DiscoverForm,
            _discover,
            help="Searches CallNex's own data (account users, billing contacts, invoices, support tickets) and the "
            "customers' contacts, calls, recordings and transcripts by the identifiers below; add another email "
            "or phone to search by it too. Linking replaces earlier links; each customer with data gets its own "
            "part, to forward.",
            stay=True,
        ),
        WorkflowAction(
            "forward",
            "Forward to controller",
            forms.ConfirmForm,
            _forward,
            help="Emails the request to each customer's privacy contact (we are their processor); a customer without "
            "one blocks the forwarding.",
        ),
        WorkflowAction(
            "record-instruction",
            "Record customer's instruction",
            forms.InstructionForm,
            _instruction,
            help="Only then may we act on that customer's data, only on it and only as instructed.",
        ),
        WorkflowAction("close-forwarding", "Record controller's answer", forms.CloseForwardingForm, _close_forwarding),
        WorkflowAction(
            "export",
            "Export data",
            forms.PartForm,
            _export,
            help="A customer's part goes to the customer, unless its instruction says CallNex delivers it to the "
            "person: then every recording and transcript must first be released or withheld on the Art. 15(4) "
            "review page.",
        ),
        WorkflowAction("rectify", "Rectify data", forms.RectifyForm, _rectify),
        WorkflowAction("restrict", "Restrict processing", forms.PartForm, _restrict),
        WorkflowAction("suppress", "Never call again", forms.PartForm, _suppress),
        WorkflowAction(
            "complete",
            "Complete CallNex's part",
            forms.CompleteForm,
            _complete,
            help="Sends the completion letter to the requester; you see the letter before it is sent.",
        ),
        WorkflowAction(
            "ask-identity",
            "Ask for identity",
            forms.AskIdentityForm,
            _ask_identity,
            SECONDARY,
            "Emails the requester and pauses the clock until they answer (not once verified or overdue).",
        ),
        WorkflowAction(
            "verify-identity",
            "Identity verified",
            forms.VerifyIdentityForm,
            _verify_identity,
            SECONDARY,
            "Resumes the clock from the day the answer was received; the due date moves by the paused days.",
        ),
        WorkflowAction(
            "extend",
            "Extend deadline",
            forms.ExtendForm,
            _extend,
            SECONDARY,
            "Only before the original legal deadline; the requester is told why.",
        ),
        WorkflowAction(
            "erase",
            "Erase data",
            forms.PartForm,
            _erase,
            DESTRUCTIVE,
            "CallNex's own part: deletes account users, billing contacts and tickets (invoices are kept by law). "
            "A customer's part: deletes its linked contacts, calls, recordings and transcripts. "
            "Only a data protection contact can approve.",
        ),
        WorkflowAction(
            "refuse",
            "Refuse",
            forms.RefuseForm,
            _refuse,
            DESTRUCTIVE,
            "The letter tells the requester of their right to complain to the supervisory authority.",
        ),
        WorkflowAction("withdraw", "Mark as withdrawn", forms.WithdrawForm, _withdraw, DESTRUCTIVE),
    ]
}
GROUP_LABELS = {PRIMARY: "Work the request", SECONDARY: "Identity and deadline", DESTRUCTIVE: "Erase or close"}


def toolbar(rights_request: RightsRequest, user) -> list[dict]:
    """Return the toolbar's groups of buttons for `user`: each action with the reason it is blocked, if any."""
    states = {state.slug: state.blocked for state in rights_request_steps(rights_request=rights_request, user=user)}
    groups = []
    for group, label in GROUP_LABELS.items():
        buttons = [
            {
                "label": action.label,
                "url": reverse("admin:rights_requests_rightsrequest_workflow", args=[rights_request.pk, slug]),
                "blocked": states[slug],
            }
            for slug, action in ACTIONS.items()
            if action.group == group and slug in states
        ]
        if buttons:
            groups.append({"name": group, "label": label, "buttons": buttons})
    return groups


def _linked(rights_request: RightsRequest):
    return rights_request.matches.select_related("customer", "campaign")


def _posted_values(request: HttpRequest) -> list[tuple[str, str]]:
    return [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", confirmation.FIELD)
        for value in values
    ]


def _page(model_admin, request, rights_request, action, form, **extra) -> TemplateResponse:
    slug = action.slug
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": RightsRequest._meta,
        "original": rights_request,
        "title": f"{action.label}: {rights_request.reference}",
        "action": action,
        "form": form,
        "can_perform": request.user.has_perm(RULES[slug].permission),
        "blocked": rights_request_step_blocker(rights_request=rights_request, slug=slug),
        "needs_confirmation": slug == "erase" or slug in confirmations.PLANS,
        "discovery": discovery_context(rights_request) if slug == "discover" else None,
        "matches": _linked(rights_request) if slug in ("erase", "export") else None,
        "kept_by_hold": services.erasure_plan(rights_request=rights_request)[2] if slug == "erase" else None,
        "forwardings": rights_request.forwardings.select_related("customer") if slug == "forward" else None,
        **extra,
    }
    if extra.get("plan"):
        context["cancel_url"] = reverse("admin:rights_requests_rightsrequest_change", args=[rights_request.pk])
        context["submit_label"] = f"Yes, {action.label.lower()}"
        return TemplateResponse(request, "admin/callnex_confirm.html", context)
    return TemplateResponse(request, "rights_requests/admin/workflow.html", context)


def _confirmation(model_admin, request, rights_request, action, form) -> TemplateResponse | None:
    """Return the confirmation page of an irreversible or outward step, or None when it needs none."""
    data = form.cleaned_data if form.is_bound else {}
    plan = confirmations.step_plan(action.slug, rights_request, data)
    if plan is None:
        return None
    values = _posted_values(request)
    token = confirmation.confirmation_token(scope=f"rights_requests.{action.slug}:{rights_request.pk}", data=values)
    return _page(model_admin, request, rights_request, action, form, plan=plan, values=values, token=token)


def workflow_view(model_admin, request: HttpRequest, object_id: str, slug: str) -> HttpResponse:
    """Show a step's form; on POST show what it will do (irreversible or outward steps), then do it once confirmed.

    GET never changes anything; a POST without the confirmation page's token only shows that page.
    """
    action = ACTIONS.get(slug)
    if action is None:
        raise Http404("Unknown action.")
    rights_request = get_object_or_404(
        RightsRequest.objects.select_related("assignee", "customer"), pk=admin_object_pk(object_id)
    )
    if not model_admin.has_change_permission(request, rights_request):
        raise PermissionDenied
    form_kwargs = {"rights_request": rights_request} if getattr(action.form, "needs_request", False) else {}
    if request.method != "POST":  # a link may offer values, e.g. the mailbox offers a reply's date as the pause end
        form_kwargs["initial"] = {name: value for name, value in request.GET.items() if name in action.form.base_fields}
    form = action.form(request.POST if request.method == "POST" else None, **form_kwargs)
    if request.method != "POST":
        # A step without fields (forward) shows its confirmation at once: what it sends, to whom.
        may = request.user.has_perm(RULES[slug].permission)
        if not form.fields and may and not rights_request_step_blocker(rights_request=rights_request, slug=slug):
            page = _confirmation(model_admin, request, rights_request, action, form)
            if page is not None:
                return page
        return _page(model_admin, request, rights_request, action, form)
    if not request.user.has_perm(RULES[slug].permission):
        raise PermissionDenied
    if not form.is_valid():
        return _page(model_admin, request, rights_request, action, form)
    if blocker := rights_request_step_blocker(rights_request=rights_request, slug=slug):
        form.add_error(None, blocker)
        return _page(model_admin, request, rights_request, action, form)
    scope = f"rights_requests.{slug}:{rights_request.pk}"
    if not confirmation.is_confirmed(request.POST, scope=scope, data=_posted_values(request)):
        page = _confirmation(model_admin, request, rights_request, action, form)
        if page is not None:
            return page
    try:
        message = action.perform(rights_request, request.user, form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _page(model_admin, request, rights_request, action, form)
    messages.success(request, f"{rights_request.reference}: {message}")
    if action.stay:
        return redirect("admin:rights_requests_rightsrequest_workflow", rights_request.pk, slug)
    return redirect("admin:rights_requests_rightsrequest_change", rights_request.pk)


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


def _reviewable_parts(rights_request: RightsRequest) -> list[dict]:
    """Return each open customer part CallNex delivers to the person, with its files and their decisions."""
    forwardings = rights_request.forwardings.filter(
        closed_at__isnull=True, instruction=Instruction.EXPORT, export_to_person=True
    ).select_related("customer")
    parts = []
    for forwarding in forwardings:
        files = part_files(rights_request=rights_request, customer=forwarding.customer)
        transcripts = dict(
            Transcript.objects.filter(
                pk__in=[f.file_id for f in files if f.kind == FileReview.Kind.TRANSCRIPT]
            ).values_list("pk", "text")
        )
        rows = [{"file": f, "text": transcripts.get(f.file_id, "") if f.kind == FileReview.Kind.TRANSCRIPT else ""}
                for f in files]  # fmt: skip
        parts.append({"customer": forwarding.customer, "files": rows, "undecided": sum(not f.review for f in files)})
    return parts


def file_review_view(model_admin, request: HttpRequest, object_id: str) -> HttpResponse:
    """Decide, file by file, whether a recording or transcript CallNex delivers to the person is released (Art. 15(4)).

    Anyone who may view the request sees the files and decisions; deciding needs the change permission
    on the request and the file-review permission (the auditor reads, never decides).
    """
    rights_request = get_object_or_404(RightsRequest, pk=admin_object_pk(object_id))
    if not model_admin.has_view_permission(request, rights_request):
        raise PermissionDenied
    can_decide = model_admin.has_change_permission(request, rights_request) and request.user.has_perm(
        services.file_review.REVIEW_PERMISSION
    )
    form = forms.FileReviewForm(request.POST if request.method == "POST" else None, rights_request=rights_request)
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        if form.is_valid():
            try:
                review = services.file_review_decide(
                    rights_request=rights_request, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, f"{rights_request.reference}: {review} recorded.")
                return redirect("admin:rights_requests_rightsrequest_file_review", rights_request.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": RightsRequest._meta,
        "original": rights_request,
        "title": f"Art. 15(4) review of recordings and transcripts: {rights_request.reference}",
        "parts": _reviewable_parts(rights_request),
        "form": form,
        "can_decide": can_decide,
        "decisions": FileReview.Decision.choices,
    }
    return TemplateResponse(
        request, "rights_requests/admin/file_review.html", context, status=400 if form.errors else 200
    )


def intake_deadlines_view(model_admin, request: HttpRequest) -> JsonResponse:
    """Return, as JSON, the deadlines a request received at ?date=&time= would get (for the intake form)."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    if request.method != "GET":
        return JsonResponse({"error": "Use GET."}, status=405)
    field = django_forms.SplitDateTimeField()
    try:
        received_at = field.clean([request.GET.get("date", ""), request.GET.get("time", "") or "00:00"])
    except ValidationError:
        return JsonResponse({"error": "Enter a valid date and time of receipt."}, status=400)
    dates = intake_deadlines(received_at)
    return JsonResponse(
        {
            **{name: day.isoformat() for name, day in dates.items()},
            "labels": {name: human_date(day) for name, day in dates.items()},
        }
    )
