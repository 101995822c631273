from django.core.management.base import CommandError

from callnex_compliance.commands import ProjectCommand, bounded
from retention import services
from retention.models import DataCategory, RetentionAction
from retention.purge.context import DEFAULT_BATCH_SIZE
from retention.selectors import policy_for

# A batch is one transaction; beyond this a batch holds locks for seconds and its id list alone is megabytes.
MAX_BATCH_SIZE = 100_000
MAX_BATCH_PAUSE = 60.0


class Command(ProjectCommand):
    help = (
        "Delete what the retention schedule says has expired: customers 12 months (default) after their "
        "contract ended, with all their campaign data; call records with their recordings and transcripts; "
        "recordings and transcripts; contacts of ended campaigns; unconfirmed subscriptions; and anonymise "
        "closed rights-request files. Periods come from the retention policies, shortened per campaign by "
        "overrides. Anything under a legal hold is kept. Storage files of deleted recordings are removed. "
        "The scheduled nightly task runs the same code. --dry-run reports and changes nothing."
    )
    # The system checks (about half a second of start-up) belong to deploys (`check --deploy` in CI);
    # the nightly task runs the same purge inside the task cluster without them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="print what would go, per category and customer")
        parser.add_argument("--category", choices=DataCategory.values, help="purge only this data category")
        parser.add_argument(
            "--batch-size",
            type=bounded(int, 1, MAX_BATCH_SIZE),
            default=DEFAULT_BATCH_SIZE,
            help=f"rows per transaction, 1 to {MAX_BATCH_SIZE} ({DEFAULT_BATCH_SIZE})",
        )
        parser.add_argument(
            "--batch-pause",
            type=bounded(float, 0, MAX_BATCH_PAUSE),
            default=0.0,
            help=f"seconds to sleep between batches, to spread the load (0 to {MAX_BATCH_PAUSE})",
        )

    def handle(self, *args, dry_run: bool, category: str | None, batch_size: int, batch_pause: float, **options):
        if dry_run:
            self._print_preview(services.purge_preview(category=category))
            return
        try:
            run = services.purge_run(category=category, batch_size=batch_size, batch_pause=batch_pause)
        except services.PurgeAlreadyRunning as exc:
            raise CommandError(str(exc)) from exc
        for result in run.results.order_by("pk"):
            line = (
                f"{result.category}: {result.deleted} deleted, {result.anonymised} anonymised, "
                f"{result.kept_by_hold} kept by hold, {result.errors} errors"
            )
            self.stdout.write(line + (f" — {result.note}" if result.note else ""))
        self.stdout.write(f"{run.files_deleted} files removed.")
        if run.status != run.Status.SUCCEEDED:
            raise CommandError(f"Purge #{run.pk} {run.get_status_display().lower()}; see the log and the admin.")
        self.stdout.write(self.style.SUCCESS(f"Purge #{run.pk} succeeded."))

    def _print_preview(self, previews) -> None:
        self.stdout.write("Dry run: nothing is changed.")
        for category, preview in previews.items():
            policy = policy_for(category)
            rule = f"{policy.period_display} after {policy.get_anchor_display().lower()}" if policy else "no policy"
            self.stdout.write(f"\n{category} ({DataCategory(category).label}; {rule})")
            if preview.note:
                self.stdout.write(f"  {preview.note}")
                continue
            verb = "to anonymise" if policy and policy.action == RetentionAction.ANONYMISE else "to delete"
            for customer, count in sorted(preview.by_customer.items()):
                self.stdout.write(f"  {customer}: {count} {verb}")
            if not preview.by_customer:
                self.stdout.write("  nothing has expired")
            self.stdout.write(f"  kept by legal hold: {preview.kept_by_hold}")
