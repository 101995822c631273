"""The project's admin site: two-factor (TOTP) login for staff unless relaxed for the local demo."""

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import Http404
from django_otp.admin import OTPAdminAuthenticationForm


def admin_object_pk(object_id: str) -> int:
    """Return a custom admin view's object id as a number; 404 for anything else.

    Custom object views take `<str:object_id>` rather than `<int:...>`: a non-numeric id would then fall
    through to the admin's catch-all redirect instead of answering 404.
    """
    if not object_id.isascii() or not object_id.isdigit():
        raise Http404("No such object.")
    return int(object_id)


class CallnexAdminSite(AdminSite):
    """Django admin that, when ADMIN_MFA_REQUIRED is on, only admits staff verified by an OTP device."""

    site_header = "CallNex Compliance"
    site_title = "CallNex Compliance"
    index_title = "GDPR back-office"

    @property
    def login_form(self):
        return OTPAdminAuthenticationForm if settings.ADMIN_MFA_REQUIRED else AdminAuthenticationForm

    @property
    def login_template(self):
        return "otp/admin111/login.html" if settings.ADMIN_MFA_REQUIRED else None

    index_template = "admin/callnex_index.html"

    def index(self, request, extra_context=None):
        """Render the admin index with the dashboard of what needs attention today."""
        from callnex_compliance.dashboard import dashboard_for

        context = {"dashboard": dashboard_for(request.user), **(extra_context or {})}
        return super().index(request, context)

    def has_permission(self, request) -> bool:
        if not super().has_permission(request):
            return False
        return not settings.ADMIN_MFA_REQUIRED or request.user.is_verified()


PROJECT_PACKAGES = ("callnex_compliance", "rights_requests", "legal_basis", "retention", "subprocessors")


def third_party_actions_require_change(site: AdminSite) -> None:
    """Make the admin actions that installed libraries register without a permission need `change`.

    Django runs an action without `allowed_permissions` for anyone who may see the changelist (django-q2's
    "Resubmit selected tasks" for a view-only auditor). The project's own actions must declare theirs
    (a test checks); this covers the libraries' ones without forking their admins.
    """
    for model_admin in site._registry.values():
        if type(model_admin).__module__.startswith(PROJECT_PACKAGES):
            continue
        for action in model_admin.actions or ():
            function = getattr(type(model_admin), action, None) if isinstance(action, str) else action
            if callable(function) and not hasattr(function, "allowed_permissions"):
                function.allowed_permissions = ("change",)
