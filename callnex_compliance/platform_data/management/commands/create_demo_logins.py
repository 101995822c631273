from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import CommandError

from callnex_compliance import roles
from callnex_compliance.commands import ProjectCommand

DEMO_PASSWORD = "callnex-demo-2026"
DEMO_LOGINS = [
    ("admin", None),
    ("dpc", roles.DATA_PROTECTION_CONTACT),
    ("handler", roles.REQUEST_HANDLER),
    ("auditor", roles.AUDITOR),
]


class Command(ProjectCommand):
    help = (
        "Create the local demo logins (admin, dpc, handler, auditor) with a well-known password. "
        "Refuses to run unless DEBUG is on: these logins must never exist in production."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo logins are only created with DEBUG=1 (local demo).")
        roles.roles_sync()
        for username, role in DEMO_LOGINS:
            user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@callnex.example"})
            user.is_staff = True
            user.is_superuser = role is None
            user.set_password(DEMO_PASSWORD)
            user.save()
            if role:
                user.groups.set([Group.objects.get(name=role)])
            self.stdout.write(f"  {username:<8} / {DEMO_PASSWORD}   ({role or 'superuser'})")
