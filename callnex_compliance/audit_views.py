"""The admin page "Audit trail": one view of who changed which compliance record, when.

Paginated (50 a page) with the number of matching changes shown; its CSV export streams *every*
matching change (no cap), through the formula-neutralising writer.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse

from . import csv_safe
from .audit import ACTIONS, audit_csv_rows, audit_trail, audited_models_for

PER_PAGE = 50


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(required=False, label="Record type")
    user = forms.CharField(required=False, label="Changed by (username)")
    action = forms.ChoiceField(
        required=False, choices=[("", "Any action"), *((k, v.capitalize()) for k, v in ACTIONS.items())]
    )
    since = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="Until", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, models=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", "All records")] + [
            (model.instance_type._meta.label, str(model.instance_type._meta.verbose_name).capitalize())
            for model in models
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("since") and cleaned.get("until") and cleaned["since"] > cleaned["until"]:
            raise forms.ValidationError("The start date must not be after the end date.")
        return cleaned


class _Echo:
    """A write-only "file" that hands back what is written, for streaming CSV rows."""

    def write(self, value: str) -> str:
        return value


def _csv_response(trail) -> StreamingHttpResponse:
    writer = csv_safe.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in audit_csv_rows(trail)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
    return response


def audit_trail_view(request: HttpRequest) -> HttpResponse:
    """Render one page of the filtered audit trail, or stream all of it as CSV with ?format=csv."""
    models = audited_models_for(request.user)
    if not models:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None, models=models)
    valid = not form.is_bound or form.is_valid()
    filters = form.cleaned_data if form.is_bound and valid else {}
    trail = audit_trail(
        user=request.user,
        model_label=filters.get("model") or "",
        username=filters.get("user") or "",
        action=filters.get("action") or "",
        since=filters.get("since"),
        until=filters.get("until"),
    )
    if request.GET.get("format") == "csv" and valid:
        return _csv_response(trail)
    page = Paginator(trail, PER_PAGE).get_page(request.GET.get("page")) if valid else None
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    context = {
        **admin.site.each_context(request),
        "title": "Audit trail",
        "form": form,
        "page": page,
        "entries": list(page.object_list) if page else [],
        "filter_query": query.urlencode(),
    }
    return TemplateResponse(request, "admin/audit_trail.html", context)
