from callnex_compliance.commands import ProjectCommand
from callnex_compliance.roles import roles_sync


class Command(ProjectCommand):
    help = (
        "Create or update the staff roles (Data protection contact, Request handler, Auditor) so each "
        "group holds exactly the permissions in callnex_compliance/roles.py. Safe to run repeatedly."
    )

    def handle(self, *args, **options):
        for role, count in roles_sync().items():
            self.stdout.write(f"{role}: {count} permissions")
