from django.apps import AppConfig


class PlatformDataConfig(AppConfig):
    name = "callnex_compliance.platform_data"
    label = "platform_data"
    verbose_name = "Platform data"

    def ready(self) -> None:
        # Every app's models are loaded by now, so the receiver covers recordings, exports and DPA documents.
        from callnex_compliance.private_storage import connect_file_cleanup

        connect_file_cleanup()
