"""The history admin every compliance model uses: its history is readable, never a way to save.

django-simple-history's version page (`<id>/history/<history_id>/`) saves a POSTed form with the admin's
own form, checking only the *view* permission and bypassing the services (notice rules, lifecycle,
timeline). `SIMPLE_HISTORY_REVERT_DISABLED` only hides the button. Here the version page answers 405 to
anything but GET for everyone, so a past version is restored only as a normal change: open the version,
copy the values into the change form, save there (same permissions, validation and services).

The history list shows what a person reads: choice labels, `28 Nov 2026, 14:05 CET`, user names, `—`
for an empty value (see `callnex_compliance.readable`), and column headers by their verbose names.
"""

from django.core.exceptions import FieldDoesNotExist
from django.http import HttpResponseNotAllowed
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .readable import readable_value

READ_METHODS = ("GET", "HEAD")


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    """Format each change between two versions as human values (never `None → 2026-12-01 18:50:02.3+00:00`)."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:
            target = field.m2m_reverse_field_name()
            return readable_value(None, [str(row[target]) for row in value or ()])
        return readable_value(field, value)


class HistoryAdmin(SimpleHistoryAdmin):
    """A SimpleHistoryAdmin whose history list and version pages are read-only and readable for everyone."""

    object_history_form_template = "admin/callnex_history_version.html"
    object_history_list_template = "admin/callnex_history_list.html"

    def history_view(self, request, object_id, extra_context=None):
        columns = [self._column_label(name) for name in self.get_history_list_display(request)]
        return super().history_view(request, object_id, {"history_columns": columns, **(extra_context or {})})

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in READ_METHODS:
            return HttpResponseNotAllowed(READ_METHODS)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def get_historical_record_context_helper(self, request, historical_record):
        # Long enough that a list of measures is shown whole, not cut to "Encryption [161 chars]ality".
        return ReadableHistoryHelper(self.model, historical_record, max_displayed_delta_change_chars=1000)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        names = self.get_history_list_display(request)
        for record in historical_records:
            record.readable_columns = [self._column_value(record, name) for name in names]

    def _column_label(self, name: str) -> str:
        try:
            return capfirst(self.model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            method = getattr(self, name, None)
            return capfirst(getattr(method, "short_description", name.replace("_", " ")))

    def _column_value(self, record, name: str) -> str:
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            method = getattr(self, name, None)
            return readable_value(None, method(record) if callable(method) else getattr(record, name, None))
        return readable_value(field, getattr(record, field.name if field.is_relation else field.attname, None))
