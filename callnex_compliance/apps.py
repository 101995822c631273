from django.contrib.admin.apps import AdminConfig


class CallnexAdminConfig(AdminConfig):
    """Django's admin app, with the project's two-factor admin site as the default site."""

    default_site = "callnex_compliance.admin_site.CallnexAdminSite"
