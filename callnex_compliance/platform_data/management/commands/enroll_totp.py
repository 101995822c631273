from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from callnex_compliance.commands import ProjectCommand


class Command(ProjectCommand):
    help = (
        "Create a TOTP device for a staff user and print its otpauth:// URL and a QR code to scan with an "
        "authenticator app. The admin requires a verified device when ADMIN_MFA_REQUIRED is on."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Authenticator app")

    def handle(self, *args, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username, is_staff=True).first()
        if user is None:
            raise CommandError(f"No staff user named {username!r}.")
        device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        self.stdout.write(f"Scan this in an authenticator app, or enter the URL:\n{device.config_url}\n")
        try:
            import qrcode

            code = qrcode.QRCode(border=1)
            code.add_data(device.config_url)
            code.print_ascii(out=self.stdout)
        except ImportError:  # pragma: no cover - qrcode is a dependency, the URL alone still works
            pass
