from callnex_compliance.commands import ProjectCommand
from callnex_compliance.schedule_sync import schedules_sync


class Command(ProjectCommand):
    help = (
        "Apply callnex_compliance/schedules.py to django-q2: create or update each listed schedule by "
        "name and delete only our own schedules that are no longer listed. Safe to run repeatedly."
    )

    def handle(self, *args, **options):
        result = schedules_sync()
        for label, names in (("created", result.created), ("updated", result.updated), ("removed", result.removed)):
            for name in names:
                self.stdout.write(f"{label}: {name}")
        self.stdout.write(self.style.SUCCESS("Schedules are up to date."))
