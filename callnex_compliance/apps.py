from django.contrib.admin.apps import AdminConfig


class CallnexAdminConfig(AdminConfig):
    """Django's admin app, with the project's two-factor admin site as the default site."""

    default_site = "callnex_compliance.admin_site.CallnexAdminSite"

    def ready(self):
        super().ready()  # autodiscovers every app's admin.py
        from django.contrib import admin

        from .admin_site import third_party_actions_require_change

        third_party_actions_require_change(admin.site)
