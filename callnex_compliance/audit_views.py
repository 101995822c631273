"""The admin page "Audit trail": one view of who changed which compliance record, when."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from .audit import audit_entries, audited_models_for, write_audit_csv


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(required=False)
    user = forms.CharField(required=False, label="Username")
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

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


def audit_trail_view(request: HttpRequest) -> HttpResponse:
    """Render the filtered audit trail, or download it as CSV with ?format=csv."""
    models = audited_models_for(request.user)
    if not models:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None, models=models)
    entries = []
    if not form.is_bound or form.is_valid():
        filters = form.cleaned_data if form.is_bound else {}
        entries = audit_entries(
            user=request.user,
            model_label=filters.get("model") or "",
            username=filters.get("user") or "",
            since=filters.get("since"),
            until=filters.get("until"),
        )
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
        write_audit_csv(entries, response)
        return response
    context = {
        **admin.site.each_context(request),
        "title": "Audit trail",
        "form": form,
        "entries": entries,
        "csv_query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "admin/audit_trail.html", context)
