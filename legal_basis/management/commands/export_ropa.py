from pathlib import Path

from django.core.management.base import CommandError

from callnex_compliance.commands import ProjectCommand
from legal_basis.ropa import CONTROLLER, FORMATS, PROCESSOR, build_record, render


class Command(ProjectCommand):
    help = (
        "Export the record of processing activities of the approved activities: the Art. 30(1) controller "
        "record or the Art. 30(2) processor record, as CSV, JSON or printable HTML, to stdout or --output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--record", required=True, choices=[CONTROLLER, PROCESSOR])
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument("--output", help="write to this file instead of stdout")

    def handle(self, *args, record: str, fmt: str, output: str | None, **options):
        text = render(build_record(kind=record), fmt)
        if not output:
            self.stdout.write(text, ending="")
            return
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        path.write_text(text, encoding="utf-8")
        self.stderr.write(f"Wrote the {record} record ({fmt}) to {path}.")
