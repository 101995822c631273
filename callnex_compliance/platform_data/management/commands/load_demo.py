import importlib

from callnex_compliance.commands import ProjectCommand
from callnex_compliance.roles import roles_sync

# Order matters: registers that others point at come first.
DEMO_MODULES = [
    "callnex_compliance.platform_data.demo",
    "subprocessors.demo",
    "retention.demo",
    "legal_basis.demo",
    "rights_requests.demo",
    "gdpr_page.demo",
]


def _import_demo(path: str):
    try:
        return importlib.import_module(path)
    except ModuleNotFoundError as exc:
        if exc.name == path:
            return None
        raise


class Command(ProjectCommand):
    help = (
        "Load realistic demo data for every app (customers, campaigns, calls, registers, requests). "
        "Idempotent: only what is missing is created, so a second run changes no counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=["small", "large"], default="small")

    def handle(self, *args, size: str, **options):
        roles_sync()
        for path in DEMO_MODULES:
            module = _import_demo(path)
            if module is None:
                continue
            created = module.load(size=size)
            summary = ", ".join(f"{count} {name}" for name, count in created.items()) or "nothing new"
            self.stdout.write(f"{path.removesuffix('.demo')}: {summary}")
        self.stdout.write(self.style.SUCCESS(f"Demo data ({size}) is loaded."))
