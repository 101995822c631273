import json

from django.core.management.base import CommandError

from callnex_compliance.commands import ProjectCommand
from legal_basis.checks import all_findings


class Command(ProjectCommand):
    help = (
        "Run the cross-register checks (legal bases, Art. 9 conditions, sub-processors, transfers, retention, "
        "reviews) over the activities in review or approved, then flag customers with campaign data and no DPA "
        "and sub-processors whose transfer tools (DPF check, SCC modules, TIA) or no-training commitment are "
        "incomplete. Exits 0 when clean, 1 when anything fails. "
        "Read-only: it changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="print the findings as a JSON list of rule, object, message",
        )

    def handle(self, *args, as_json: bool, **options):
        findings = all_findings()
        if as_json:
            self.stdout.write(json.dumps([finding.as_dict() for finding in findings], indent=2, ensure_ascii=False))
        elif not findings:
            self.stdout.write(self.style.SUCCESS("The register passes every check."))
        for finding in [] if as_json else findings:
            self.stdout.write(f"[{finding.rule}] {finding.message}")
        if findings:
            raise CommandError(f"{len(findings)} finding(s) in the register.", returncode=1)
