"""The single list of django-q2 schedules; `manage.py setup_schedules` applies it.

Times are cron expressions in Europe/Brussels (django-q2 evaluates cron in TIME_ZONE). Q_CLUSTER has
`catch_up=False`, so a schedule missed while the cluster was down runs once, not once per missed slot.
Each app adds its jobs here; never in a migration or `AppConfig.ready()`.
"""

from dataclasses import dataclass, field

SCHEDULE_NAME_PREFIX = "callnex: "


@dataclass(frozen=True)
class ScheduleSpec:
    """One recurring job: `func` is the dotted path of the task, `cron` when it runs."""

    name: str
    func: str
    cron: str
    kwargs: dict = field(default_factory=dict)

    @property
    def schedule_name(self) -> str:
        return f"{SCHEDULE_NAME_PREFIX}{self.name}"


SCHEDULES: list[ScheduleSpec] = [
    # rights_requests: the deadline digest before the working day starts; expired exports removed hourly.
    ScheduleSpec(
        name="rights_requests: deadline digest", func="rights_requests.tasks.send_deadline_digest", cron="0 7 * * 1-5"
    ),
    ScheduleSpec(
        name="rights_requests: purge expired exports",
        func="rights_requests.tasks.purge_expired_exports",
        cron="20 * * * *",
    ),
    # subprocessors: changes take effect on their effective date, just after midnight, never earlier.
    ScheduleSpec(
        name="subprocessors: apply due changes", func="subprocessors.tasks.apply_due_changes", cron="5 0 * * *"
    ),
    ScheduleSpec(
        name="subprocessors: retry failed notices", func="subprocessors.tasks.retry_failed_notices", cron="*/30 * * * *"
    ),
    # subprocessors: ended contracts are exported, deleted within the agreed period and certified (Art. 28(3)(g)),
    # at 04:30, after the purge.
    ScheduleSpec(name="subprocessors: offboardings", func="subprocessors.tasks.run_offboardings", cron="30 4 * * *"),
    # retention: the nightly purge at 03:30 Brussels, clear of the 02:00-03:00 hour that DST skips or repeats;
    # at 07:00 a check that a purge succeeded in the last 26 hours, or the data protection contact is emailed.
    ScheduleSpec(name="retention: nightly purge", func="retention.tasks.purge_nightly", cron="30 3 * * *"),
    ScheduleSpec(name="retention: purge health check", func="retention.tasks.purge_health_check", cron="0 7 * * *"),
    # mail_intake: the support mailbox is read every 5 minutes (nothing happens while INTAKE_IMAP_URL is unset).
    ScheduleSpec(name="mail_intake: read the mailbox", func="mail_intake.tasks.poll_mailbox", cron="*/5 * * * *"),
    # private files: stored files that no row owns any more (a crash after a delete's commit) are removed hourly.
    ScheduleSpec(
        name="private files: remove orphans",
        func="callnex_compliance.private_storage.remove_orphaned_files",
        cron="40 * * * *",
    ),
]
