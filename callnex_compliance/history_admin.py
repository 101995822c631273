"""The history admin every compliance model uses: its history is readable, never a way to save.

django-simple-history's version page (`<id>/history/<history_id>/`) saves a POSTed form with the admin's
own form, checking only the *view* permission and bypassing the services (notice rules, lifecycle,
timeline). `SIMPLE_HISTORY_REVERT_DISABLED` only hides the button. Here the version page answers 405 to
anything but GET for everyone, so a past version is restored only as a normal change: open the version,
copy the values into the change form, save there (same permissions, validation and services).
"""

from django.http import HttpResponseNotAllowed
from simple_history.admin import SimpleHistoryAdmin

READ_METHODS = ("GET", "HEAD")


class HistoryAdmin(SimpleHistoryAdmin):
    """A SimpleHistoryAdmin whose history list and version pages are read-only for everyone."""

    object_history_form_template = "admin/callnex_history_version.html"

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in READ_METHODS:
            return HttpResponseNotAllowed(READ_METHODS)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None) -> bool:
        return True
