"""Private files (recordings, exports, DPA documents) leave storage with the row that owns them.

Every FileField of a live model stores private data (MEDIA has no public URL), so the rule is found, not
listed: a `post_delete` receiver on each such model removes the row's files once the transaction commits
(an admin delete, a bulk or queryset delete, a cascade, a service). A rolled-back delete removes nothing.
The hourly `remove_orphaned_files` job is the safety net for what a commit hook cannot promise (a crash
between commit and removal, a file stored by a transaction that later rolled back): it removes stored
files that no row references, once they are older than ORPHAN_MIN_AGE, and logs counts, never names.
The retention purge deletes rows in raw SQL and queues its own files (retention/purge/files.py).
"""

import datetime as dt
import logging
from collections.abc import Iterator
from functools import partial

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.utils import timezone
from simple_history.models import HistoricalChanges

logger = logging.getLogger(__name__)

# A file younger than this may belong to a transaction that has not committed yet (an export being built).
ORPHAN_MIN_AGE = dt.timedelta(hours=1)
LOOKUP_CHUNK = 500


def private_file_fields() -> dict[type[models.Model], list[str]]:
    """Return every live model with FileFields and their names (history tables keep names, not files)."""
    found: dict[type[models.Model], list[str]] = {}
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges) or model._meta.proxy:
            continue
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        if names:
            found[model] = names
    return found


def files_delete_after_commit(names: list[str]) -> None:
    """Remove the stored files once the current transaction commits (at once outside a transaction)."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(partial(_remove, names), robust=True)


def _remove(names: list[str]) -> int:
    removed = 0
    for name in names:
        try:
            default_storage.delete(name)  # a file already gone is not an error
            removed += 1
        except Exception:
            logger.exception("could not remove a private file")
    return removed


def _row_deleted(sender, instance, **kwargs) -> None:
    files_delete_after_commit([getattr(instance, name).name for name in private_file_fields()[sender]])


def connect_file_cleanup() -> None:
    """Connect the post_delete receiver to every model that owns private files (AppConfig.ready)."""
    for model in private_file_fields():
        post_delete.connect(_row_deleted, sender=model, dispatch_uid=f"private-files-{model._meta.label}")


def _stored_names(folder: str = "") -> Iterator[str]:
    directories, files = default_storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from _stored_names(f"{folder}/{directory}" if folder else directory)


def _owned(names: list[str]) -> set[str]:
    owned: set[str] = set()
    for model, fields in private_file_fields().items():
        for field in fields:
            owned.update(model._base_manager.filter(**{f"{field}__in": names}).values_list(field, flat=True))
    return owned


def private_files_remove_orphans(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Remove stored files no row references (older than ORPHAN_MIN_AGE); return counts."""
    cutoff = (now or timezone.now()) - ORPHAN_MIN_AGE
    counts = {"checked": 0, "orphans": 0, "removed": 0}
    if not default_storage.exists(""):
        return counts
    chunk: list[str] = []

    def sweep(names: list[str]) -> None:
        counts["checked"] += len(names)
        owned = _owned(names)
        orphans = [n for n in names if n not in owned and default_storage.get_modified_time(n) < cutoff]
        counts["orphans"] += len(orphans)
        counts["removed"] += _remove(orphans)

    for name in _stored_names():
        chunk.append(name)
        if len(chunk) == LOOKUP_CHUNK:
            sweep(chunk)
            chunk = []
    if chunk:
        sweep(chunk)
    logger.info(
        "Private files: %d checked, %d orphaned, %d removed", counts["checked"], counts["orphans"], counts["removed"]
    )
    return counts


def remove_orphaned_files() -> dict[str, int]:
    """django-q2 task (hourly, callnex_compliance/schedules.py): remove private files without a row."""
    return private_files_remove_orphans()
