import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from evidence_packs.models import EvidencePack
from evidence_packs.services import evidence_pack_generate
from legal_basis.services import add_months


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value!r} is not a date: write YYYY-MM-DD.") from error


class Command(BaseCommand):
    help = (
        "Write the evidence pack for the supervisory authority to --out (a ZIP): both Art. 30 records, DPIAs "
        "and screenings, sub-processors with notices and delivery proofs (recipients pseudonymised), the "
        "retention schedule, overrides, holds and the period's purge runs (counts), rights-request statistics, "
        "the breach register where kept, security measures and the organisation profile, with manifest.json "
        "(SHA-256 per file) and an index (HTML, PDF). The period defaults to the last 12 months. Read-only "
        "apart from the audit record of the generation."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="the ZIP file to write")
        parser.add_argument("--from", dest="start", help="first day of the period (YYYY-MM-DD)")
        parser.add_argument("--to", dest="end", help="last day of the period (YYYY-MM-DD); default today")
        parser.add_argument("--language", choices=EvidencePack.Language.values, default="en")

    def handle(self, *args, out: str, start: str | None, end: str | None, language: str, **options):
        path = Path(out)
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        last = _date(end) if end else timezone.localdate()
        first = _date(start) if start else add_months(last, -12) + dt.timedelta(days=1)
        try:
            pack = evidence_pack_generate(out=path, start=first, end=last, language=language)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Wrote the evidence pack {first}–{last} ({pack.files} files, {pack.size_bytes} bytes) "
                          f"to {path}; SHA-256 {pack.sha256}.")  # fmt: skip
