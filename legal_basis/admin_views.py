"""Staff pages inside the admin: the check findings, the Art. 30 records and the workflow buttons."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from callnex_compliance import confirmation
from callnex_compliance.admin_site import admin_object_pk
from callnex_compliance.confirmation import Plan
from callnex_compliance.pdf import html_to_pdf

from . import services
from .assistance import render_assistance_pack
from .checks import RULES_BY_CODE, register_findings
from .models import Dpia, ProcessingActivity
from .ropa import CONTROLLER, PROCESSOR, build_record, render, render_html
from .ropa_i18n import LANGUAGES

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


def _require(request: HttpRequest, codename: str) -> None:
    if not request.user.has_perm(f"legal_basis.{codename}"):
        raise PermissionDenied


def findings_view(request: HttpRequest) -> TemplateResponse:
    """Show every finding of the cross-register checks, with links to the activities at fault."""
    _require(request, "view_processingactivity")
    findings = register_findings()
    rows = [
        {
            "finding": finding,
            "title": RULES_BY_CODE[finding.rule].title,
            "url": reverse("admin:legal_basis_processingactivity_change", args=[finding.object_id]),
        }
        for finding in findings
    ]
    context = {
        **admin.site.each_context(request),
        "title": "Register checks",
        "rows": rows,
        "rules": RULES_BY_CODE.values(),
        "opts": ProcessingActivity._meta,
    }
    return TemplateResponse(request, "legal_basis/admin/findings.html", context)


def ropa_view(request: HttpRequest, kind: str) -> HttpResponse:
    """Show a record as a printable page or download it (?format=csv|json|html|pdf); ?activity=<id> for one.

    ?language=nl|fr gives the headings in Dutch or French, for the Belgian authority.
    """
    _require(request, "view_processingactivity")
    if kind not in (CONTROLLER, PROCESSOR):
        return HttpResponse("Unknown record: choose controller or processor.", status=404, content_type="text/plain")
    fmt = request.GET.get("format", "html")
    if fmt not in CONTENT_TYPES:
        return HttpResponse("Unknown format: choose csv, json, html or pdf.", status=400, content_type="text/plain")
    language = request.GET.get("language", "en")
    if language not in LANGUAGES:
        return HttpResponse("Unknown language: choose en, nl or fr.", status=400, content_type="text/plain")
    activity = request.GET.get("activity", "")
    ids = [int(activity)] if activity.isdigit() else None
    record = build_record(kind=kind, ids=ids, language=language)
    if fmt == "html" and not request.GET.get("download"):
        return HttpResponse(render_html([record], downloads=_download_links(request)))
    response = HttpResponse(render(record, fmt), content_type=CONTENT_TYPES[fmt])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="ropa-{kind}-{stamp}.{fmt}"'
    return response


def _download_links(request: HttpRequest) -> dict[str, str]:
    links = {}
    for fmt in CONTENT_TYPES:
        query = request.GET.copy()
        query["format"], query["download"] = fmt, "1"
        links[fmt.upper()] = f"?{query.urlencode()}"
    return links


def ropa_response(request: HttpRequest, *, ids: list[int]) -> HttpResponse:
    """Return the printable records (controller, then processor) of the activities with `ids`."""
    records = [build_record(kind=kind, ids=ids) for kind in (CONTROLLER, PROCESSOR)]
    return HttpResponse(render_html([record for record in records if record.rows]))


WORKFLOW = {
    "submit": (services.activity_submit_for_review, "submitted for review"),
    "approve": (services.activity_approve, "approved"),
    "return": (services.activity_return_to_draft, "returned to draft"),
    "retire": (services.activity_retire, "retired"),
}
STEP_LABELS = {"submit": "Submit for review", "approve": "Approve", "return": "Return to draft",
               "retire": "Retire", "sign_off_dpia": "Sign off the DPIA"}  # fmt: skip


def _step_plan(activity: ProcessingActivity, step: str, user) -> Plan:
    next_review = services.add_months(timezone.localdate(), activity.review_interval_months)
    return Plan(
        {
            "approve": f"Approves “{activity}”: it is in force in the Art. 30 records from now, with you as "
            f"approver; next review on {next_review:%-d %b %Y}.",
            "retire": f"Retires “{activity}”: it leaves the Art. 30 records and the register checks. A retired "
            "activity cannot be brought back; register a new one instead.",
            "sign_off_dpia": f"Signs off the DPIA of “{activity}” in your name ({user.get_username()}); changing its "
            "content later withdraws the sign-off.",
        }[step]
    )


def _confirmation_page(request, activity, step, *, blocked: str) -> TemplateResponse:
    change_url = reverse("admin:legal_basis_processingactivity_change", args=[activity.pk])
    context = {
        **admin.site.each_context(request),
        "title": f"{STEP_LABELS[step]}: {activity}",
        "opts": ProcessingActivity._meta,
        "original": activity,
        "plan": _step_plan(activity, step, request.user),
        "blocked": blocked,
        "values": [("step", step)],
        "token": confirmation.confirmation_token(scope=f"legal_basis.{step}:{activity.pk}"),
        "cancel_url": change_url,
        "submit_label": f"Yes, {STEP_LABELS[step].lower()}",
        "destructive": step == "retire",
    }
    return TemplateResponse(request, "admin/callnex_confirm.html", context)


def toolbar(activity: ProcessingActivity, user) -> list[dict]:
    """Return the activity's workflow buttons for `user`, grouped, each blocked step with its reason."""
    url = reverse("admin:legal_basis_workflow", args=[activity.pk])
    steps = services.activity_steps(activity=activity, user=user)
    label = {
        **STEP_LABELS,
        "submit": "Reopen for periodic review" if activity.status == "approved" else "Submit for review",
    }
    groups = []
    for name, title, members in (("primary", "Review", ("submit", "approve", "sign_off_dpia")),
                                 ("secondary", "Back", ("return",)), ("destructive", "End", ("retire",))):  # fmt: skip
        buttons = [{"label": label[s], "url": url, "step": s, "blocked": steps[s]} for s in members if s in steps]
        if buttons:
            groups.append({"name": name, "label": title, "buttons": buttons})
    return groups


def workflow_view(request: HttpRequest, pk: str) -> HttpResponse:
    """Run one workflow step on one activity; approve, retire and the DPIA sign-off only once confirmed.

    GET (?step=) shows a step's confirmation page and changes nothing; a POST of those steps without the
    page's token shows the page (or, when the step is blocked, the reasons) instead of doing it.
    """
    pk = admin_object_pk(pk)
    activity = get_object_or_404(ProcessingActivity, pk=pk)
    step = request.POST.get("step", "") if request.method == "POST" else request.GET.get("step", "")
    change_url = reverse("admin:legal_basis_processingactivity_change", args=[pk])
    if step != "sign_off_dpia" and step not in WORKFLOW:
        messages.error(request, "Unknown workflow step.")
        return redirect(change_url)
    _require(
        request, "approve_processingactivity" if step in ("approve", "sign_off_dpia") else "change_processingactivity"
    )
    if step in services.CONFIRMED_STEPS:
        confirmed = request.method == "POST" and confirmation.is_confirmed(
            request.POST, scope=f"legal_basis.{step}:{pk}"
        )
        if not confirmed:
            blocked = services.activity_step_blocker(activity=activity, step=step)
            if blocked and request.method == "POST":
                problems = services.approval_problems(activity) if step == "approve" else []
                for message in problems or [blocked]:
                    messages.error(request, message)
                return redirect(change_url)
            return _confirmation_page(request, activity, step, blocked=blocked)
    elif request.method != "POST":
        return redirect(change_url)
    try:
        if step == "sign_off_dpia":
            services.dpia_sign_off(dpia=get_object_or_404(Dpia, activity=activity), by=request.user)
            done = "DPIA signed off"
        else:
            service, done = WORKFLOW[step]
            service(activity=activity, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"{activity}: {done}.")
    return redirect(change_url)


def assistance_view(request: HttpRequest, pk: str) -> HttpResponse:
    """Show (or, with ?format=pdf, download) the Art. 28(3)(f) DPIA assistance pack of a processor activity."""
    _require(request, "view_processingactivity")
    activity = get_object_or_404(ProcessingActivity, pk=admin_object_pk(pk))
    if not activity.is_processor:
        return HttpResponse("Only a processor activity has an assistance pack.", status=404, content_type="text/plain")
    html = render_assistance_pack(activity)
    if request.GET.get("format") != "pdf":
        return HttpResponse(html)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="dpia-assistance-{activity.pk}.pdf"'
    return response
