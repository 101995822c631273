from django.apps import AppConfig


class GdprPageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gdpr_page"
    verbose_name = "Public GDPR page"
