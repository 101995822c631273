"""The purge log (counts only, never content) and the purge's crash-safety bookkeeping."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .policies import DataCategory


class PurgeRun(models.Model):
    """One purge: when, how it ended, and what it did per data category (see `results`)."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        INTERRUPTED = "interrupted", "Interrupted"

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", "Nightly schedule"
        COMMAND = "command", "manage.py purge"

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RUNNING, db_index=True)
    trigger = models.CharField(max_length=10, choices=Trigger.choices)
    only_category = models.CharField(
        "category purged", max_length=32, choices=DataCategory.choices, blank=True, help_text="Blank: every category."
    )
    started_at = models.DateTimeField(db_index=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # A running run touches this after every batch; the next run marks a silent one interrupted.
    heartbeat_at = models.DateTimeField()
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    batches = models.PositiveIntegerField(default=0)
    longest_transaction_ms = models.PositiveIntegerField(default=0)
    files_deleted = models.PositiveBigIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self) -> str:
        return f"Purge #{self.pk} ({self.get_status_display().lower()})"


class PurgeCategoryResult(models.Model):
    """The counts of one data category in one purge run."""

    run = models.ForeignKey(PurgeRun, on_delete=models.CASCADE, related_name="results")
    category = models.CharField(max_length=32, choices=DataCategory.choices)
    deleted = models.PositiveBigIntegerField(default=0)
    anonymised = models.PositiveBigIntegerField(default=0)
    kept_by_hold = models.PositiveBigIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=200, blank=True, help_text="A fixed explanation, never row content.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["run", "category"]
        constraints = [
            models.UniqueConstraint(fields=["run", "category"], name="purge_result_one_per_category"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.deleted} deleted"


class PendingFileDeletion(models.Model):
    """The storage files of one purge batch whose rows are gone, written in the same transaction.

    Deleted once the files are removed, so a crash between commit and file removal loses nothing: the
    next run removes what is left. One row per batch, not per file, keeps the bookkeeping cheap. No
    history table: the names must not outlive the files.
    """

    names = models.JSONField(default=list)
    queued_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"Pending file deletion #{self.pk}"


class PurgeLease(models.Model):
    """A lease that makes the purge exclusive where PostgreSQL advisory locks are not available.

    Claimed with a conditional UPDATE (row count 1 = mine); a holder that stopped renewing or whose
    process is gone on this host loses it. No history: it changes after every batch.
    """

    name = models.CharField(max_length=50, unique=True)
    token = models.CharField(max_length=64, blank=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(token="") | Q(expires_at__isnull=False), name="purge_lease_held_has_expiry"
            )
        ]

    def __str__(self) -> str:
        return self.name
