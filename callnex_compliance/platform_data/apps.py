from django.apps import AppConfig


class PlatformDataConfig(AppConfig):
    name = "callnex_compliance.platform_data"
    label = "platform_data"
    verbose_name = "Platform data"
