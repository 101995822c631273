"""The workflow pages of the incident admin: one form per action, each calling one service."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from callnex_compliance import confirmation
from callnex_compliance.confirmation import Letter, Plan

from . import forms, selectors, services, texts
from .models import Incident

State = Incident.State


@dataclass(frozen=True)
class WorkflowAction:
    slug: str
    label: str
    form: type
    perform: Callable[[Incident, object, dict], str]
    available: Callable[[Incident], bool]
    permission: str
    help: str = ""


def _open(incident: Incident) -> bool:
    return not incident.is_closed


def _note(incident, user, data):
    services.incident_add_note(incident=incident, actor=user, message=data["message"])
    return "Note added to the timeline."


def _scope(incident, user, data):
    figures = services.incident_set_scope(incident=incident, actor=user, **data)
    return (
        f"Scope set: {figures.people} people, {figures.calls} calls, {len(figures.by_customer)} customer(s) with data."
    )


def _assess(incident, user, data):
    incident = services.incident_assess(incident=incident, actor=user, **data)
    return f"Assessed: {incident.get_risk_outcome_display()}."


def _contain(incident, user, data):
    services.incident_contain(incident=incident, actor=user, note=data["note"])
    return "Marked as contained."


def _close(incident, user, data):
    services.incident_close(incident=incident, actor=user, note=data["note"])
    return "Closed; it stays in the register."


def _notify(incident, user, data):
    notices = services.incident_notify_customers(incident=incident, actor=user, **data)
    sent = sum(n.outcome == "sent" for n in notices)
    return f"Notice sent to {sent} of {len(notices)} customer(s)."


def _authority(incident, user, data):
    notification = services.incident_record_authority_notification(incident=incident, actor=user, **data)
    return f"{notification.get_phase_display()} to the authority recorded."


def _inform(incident, user, data):
    emailed, listed = services.incident_inform_people(incident=incident, actor=user, **data)
    return f"{emailed} people informed by e-mail; {listed} to inform by other means (listed below)."


NOTIFY = "breaches.notify_incident"
CHANGE = "breaches.change_incident"
ACTIONS = {
    action.slug: action
    for action in [
        WorkflowAction("note", "Add note", forms.NoteForm, _note, lambda i: True, "breaches.add_incidentevent"),
        WorkflowAction(
            "scope", "Set scope", forms.ScopeForm, _scope, _open, CHANGE,
            "Link what the breach touched; people and records are counted from the platform data.",
        ),
        WorkflowAction(
            "assess", "Assess risk", forms.AssessForm, _assess, lambda i: _open(i) and i.affects_own_data,
            "breaches.assess_incident", "For CallNex's own data only: customers assess the risk to their data.",
        ),
        WorkflowAction(
            "notify-customers", "Notify customers", forms.NotifyCustomersForm, _notify,
            lambda i: _open(i) and i.scope_counted_at is not None, NOTIFY,
            "Every affected customer is told, whatever our own view of the risk (Art. 33(2)).",
        ),
        WorkflowAction(
            "authority", "Record authority notification", forms.AuthorityForm, _authority,
            lambda i: _open(i) and i.affects_own_data and bool(i.risk_outcome), NOTIFY,
            "The text below is generated from the record (Art. 33(3)(a)–(d)); submit it, then record it here.",
        ),
        WorkflowAction(
            "inform-people", "Inform people", forms.InformPeopleForm, _inform, _open, NOTIFY,
            "E-mails the Art. 34(2) communication to the listed people with an address; lists the others.",
        ),
        WorkflowAction(
            "contain", "Mark contained", forms.OptionalNoteForm, _contain,
            lambda i: i.state == State.ASSESSED or (i.state == State.OPEN and not i.affects_own_data), CHANGE,
        ),
        WorkflowAction("close", "Close", forms.OptionalNoteForm, _close, lambda i: i.state == State.CONTAINED, CHANGE),
    ]
}  # fmt: skip


GROUPS = [
    ("primary", "Notify", ("notify-customers", "authority", "inform-people")),
    ("secondary", "Investigate", ("note", "scope", "assess")),
    ("destructive", "Contain and close", ("contain", "close")),
]


def available_actions(incident: Incident, user) -> list[WorkflowAction]:
    """Return the actions that make sense now and that `user` may perform."""
    return [a for a in ACTIONS.values() if a.available(incident) and user.has_perm(a.permission)]


def toolbar(incident: Incident, user) -> list[dict]:
    """Return the incident's workflow buttons for `user`, in groups (notify, investigate, close)."""
    available = {action.slug for action in available_actions(incident, user)}
    groups = []
    for name, label, slugs in GROUPS:
        buttons = [
            {"label": ACTIONS[slug].label, "url": reverse("admin:breaches_incident_workflow", args=[incident.pk, slug]),
             "blocked": ""}
            for slug in slugs if slug in available
        ]  # fmt: skip
        if buttons:
            groups.append({"name": name, "label": label, "buttons": buttons})
    return groups


def _plan(slug: str, incident: Incident, data: dict) -> Plan | None:
    """Return what an outward or final step will do (the notices and their recipients), or None."""
    if slug == "notify-customers":
        customers = services.customers_to_notify(incident, kind=data["kind"])
        plan = Plan(f"E-mails the breach notice to {len(customers)} affected customer(s)' privacy contact.")
        for customer in customers[:3]:
            counts = incident.scope_counts.filter(customer=customer).first()
            subject, body = texts.customer_notice(incident, customer=customer, counts=counts, update=data["update"])
            plan.letters.append(Letter(customer.contact_email or "no privacy address: not sent", subject, body))
        if len(customers) > 3:
            plan.notes.append(f"The other {len(customers) - 3} notices differ only in the customer's name and figures.")
        plan.recipients = [f"{c.name} — {c.contact_email or 'no privacy address'}" for c in customers]
        return plan
    if slug == "inform-people":
        people = incident.affected_people.filter(customer=data["customer"], informed_at__isnull=True)
        emails = [person.email for person in people if person.email]
        plan = Plan(f"E-mails the Art. 34(2) communication to {len(emails)} people; "
                    f"{len(people) - len(emails)} without an address are listed to inform by other means.")  # fmt: skip
        subject, body = texts.people_communication(incident)
        plan.letters.append(Letter("each person listed below", subject, body))
        plan.recipients = emails
        return plan
    if slug == "close":
        return Plan("Closes the incident: it stays in the register, and no further step can be taken on it.")
    return None


def _initial(slug: str, incident: Incident) -> dict:
    if slug == "scope":
        return {
            "customers": incident.customers.all(), "campaigns": incident.campaigns.all(),
            "subprocessors": incident.subprocessors.all(), "platform_wide": incident.platform_wide,
            "window_start": incident.window_start, "window_end": incident.window_end,
        }  # fmt: skip
    if slug == "assess" and incident.risk_outcome:
        return {"likelihood": incident.likelihood, "severity": incident.severity, "outcome": incident.risk_outcome,
                "reasons": incident.risk_reasons}  # fmt: skip
    return {}


def _listed_people(incident: Incident):
    return incident.affected_people.filter(informed_at__isnull=True, email="")


def workflow_view(model_admin, request: HttpRequest, object_id: str, slug: str) -> HttpResponse:
    """Show an action's form and, on POST, perform it through its service."""
    action = ACTIONS.get(slug)
    if action is None:
        raise Http404("Unknown action.")
    incident = get_object_or_404(Incident, pk=object_id)
    if not model_admin.has_view_permission(request, incident):
        raise PermissionDenied
    form = action.form(request.POST if request.method == "POST" else None, initial=_initial(slug, incident))
    if request.method == "POST":
        if not request.user.has_perm(action.permission):
            raise PermissionDenied
        if form.is_valid():
            values = [(k, v) for k, vs in request.POST.lists() if k not in ("csrfmiddlewaretoken", "confirm")
                      for v in vs]  # fmt: skip
            scope = f"breaches.{slug}:{incident.pk}"
            plan = _plan(slug, incident, form.cleaned_data)
            if plan is not None and not confirmation.is_confirmed(request.POST, scope=scope, data=values):
                context = {
                    **model_admin.admin_site.each_context(request), "opts": Incident._meta, "original": incident,
                    "title": f"{action.label}: {incident.reference}", "plan": plan, "values": values,
                    "token": confirmation.confirmation_token(scope=scope, data=values),
                    "cancel_url": reverse("admin:breaches_incident_change", args=[incident.pk]),
                    "submit_label": f"Yes, {action.label.lower()}", "destructive": slug == "close",
                }  # fmt: skip
                return TemplateResponse(request, "admin/callnex_confirm.html", context)
            try:
                message = action.perform(incident, request.user, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, f"{incident.reference}: {message}")
                return redirect("admin:breaches_incident_change", incident.pk)
    language = request.GET.get("lang", "nl") if request.GET.get("lang") in texts.LANGUAGES else "nl"
    left, tone = selectors.authority_clock(incident)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Incident._meta,
        "original": incident,
        "title": f"{action.label}: {incident.reference}",
        "action": action,
        "form": form,
        "can_perform": request.user.has_perm(action.permission),
        "clock": selectors.format_left(left),
        "clock_tone": tone,
        "preview": texts.authority_notification_text(incident, language=language) if slug == "authority" else None,
        "language": language,
        "languages": texts.LANGUAGES,
        "listed_people": _listed_people(incident) if slug == "inform-people" else None,
        "blockers": services.closing_blockers(incident) if slug == "close" else None,
    }  # fmt: skip
    return TemplateResponse(request, "breaches/admin/workflow.html", context)
