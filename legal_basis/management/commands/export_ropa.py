from pathlib import Path

from django.core.management.base import CommandError

from callnex_compliance.commands import ProjectCommand
from legal_basis.ropa import CONTROLLER, FORMATS, PROCESSOR, build_record, render
from legal_basis.ropa_i18n import LANGUAGES


class Command(ProjectCommand):
    help = (
        "Export the record of processing activities in force (approved, including those under review): the "
        "Art. 30(1) controller record or the Art. 30(2) processor record, as CSV, JSON, printable HTML or PDF, "
        "to stdout or --output (PDF needs --output). --language nl|fr gives the headings in Dutch or French."
    )

    def add_arguments(self, parser):
        parser.add_argument("--record", required=True, choices=[CONTROLLER, PROCESSOR])
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument("--output", help="write to this file instead of stdout")
        parser.add_argument("--language", choices=LANGUAGES, default="en", help="language of the headings")

    def handle(self, *args, record: str, fmt: str, output: str | None, language: str, **options):
        if fmt == "pdf" and not output:
            raise CommandError("A PDF is binary: give --output FILE.")
        if output and not Path(output).parent.is_dir():
            raise CommandError(f"The folder {Path(output).parent} does not exist.")
        content = render(build_record(kind=record, language=language), fmt)
        if not output:
            self.stdout.write(content, ending="")
            return
        path = Path(output)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        self.stderr.write(f"Wrote the {record} record ({fmt}) to {path}.")
