"""Admin of the evidence packs: the list of generated packs (the audit record) and the page that builds one.

Generating is reserved to holders of `generate_evidencepack` (the data protection contact); the ZIP is
built into a temporary file and streamed to the browser, never kept on the server.
"""

import tempfile
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from callnex_compliance.history_admin import HistoryAdmin
from legal_basis.services import add_months

from .models import EvidencePack
from .services import evidence_pack_generate


class GenerateForm(forms.Form):
    period_from = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    period_to = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))
    language = forms.ChoiceField(choices=EvidencePack.Language.choices, initial="en")


@admin.register(EvidencePack)
class EvidencePackAdmin(HistoryAdmin):
    list_display = ["generated_at", "period_from", "period_to", "language", "generated_by", "files", "sha256"]
    list_filter = ["language", "generated_at"]
    readonly_fields = [f.name for f in EvidencePack._meta.fields]
    change_list_template = "evidence_packs/admin/change_list.html"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_generate_permission(self, request) -> bool:
        return request.user.has_perm("evidence_packs.generate_evidencepack")

    def changelist_view(self, request, extra_context=None):
        context = {"can_generate": self.has_generate_permission(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context=context)

    def get_urls(self):
        view = self.admin_site.admin_view(self.generate_view)
        return [path("generate/", view, name="evidence_packs_generate"), *super().get_urls()]

    def generate_view(self, request):
        """Show the period form; on POST build the pack and send it as a download."""
        if not self.has_generate_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        form = GenerateForm(request.POST or None, initial={"period_to": today, "period_from": add_months(today, -12)})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            folder = tempfile.mkdtemp(prefix="evidence-")
            out = Path(folder) / f"evidence-pack-{data['period_from']}-{data['period_to']}-{data['language']}.zip"
            try:
                evidence_pack_generate(
                    out=out, start=data["period_from"], end=data["period_to"], language=data["language"],
                    by=request.user,
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error)
            else:
                stream = _DeletingFile(out)
                return FileResponse(stream, as_attachment=True, filename=out.name, content_type="application/zip")
        elif request.method == "POST":
            messages.error(request, "Please correct the errors below.")
        context = {**self.admin_site.each_context(request), "title": "Generate the evidence pack", "form": form,
                   "opts": self.model._meta}  # fmt: skip
        return TemplateResponse(request, "evidence_packs/admin/generate.html", context)


class _DeletingFile:
    """A file that deletes itself and its folder once the response has sent it."""

    def __init__(self, path: Path):
        self.path, self.stream = path, path.open("rb")

    def read(self, size: int = -1) -> bytes:
        return self.stream.read(size)

    def close(self) -> None:
        self.stream.close()
        self.path.unlink(missing_ok=True)
        self.path.parent.rmdir()
