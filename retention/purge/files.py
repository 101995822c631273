"""Storage files of deleted rows: queued in the row's transaction, removed after it commits.

The queue row is written in the same transaction as the row delete, so either both happen or neither;
a crash after the commit leaves the queue row, and the next run removes the file.
"""

import logging
from functools import partial

from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import F

from callnex_compliance.platform_data.models import CallRecording

from ..models import PendingFileDeletion
from .batches import keyset_batches

logger = logging.getLogger(__name__)


def recording_storage() -> Storage:
    return CallRecording._meta.get_field("audio").storage


def files_queue(names: list[str], *, on_done) -> None:
    """Queue storage files for deletion inside the current transaction; delete them once it commits.

    `on_done(deleted, failed)` receives the counts after the files are handled.
    """
    names = [name for name in names if name]
    if not names:
        return
    queued = PendingFileDeletion.objects.bulk_create([PendingFileDeletion(name=name) for name in names])
    ids = [row.pk for row in queued]
    if ids[0] is None:  # backends that cannot return ids from a bulk insert
        ids = list(PendingFileDeletion.objects.filter(name__in=names).values_list("pk", flat=True))
    transaction.on_commit(partial(_delete_and_report, ids, on_done), robust=True)


def _delete_and_report(ids: list[int], on_done) -> None:
    on_done(*files_delete_pending(ids=ids))


def files_delete_pending(*, ids: list[int] | None = None, batch_size: int = 1000) -> tuple[int, int]:
    """Delete the queued files (all of them, or those in `ids`); return (deleted, failed).

    Deleting a file that is already gone counts as done: a rerun after a crash must not fail on it.
    """
    storage = recording_storage()
    queryset = PendingFileDeletion.objects.all() if ids is None else PendingFileDeletion.objects.filter(pk__in=ids)
    deleted = failed = 0
    for rows in keyset_batches(queryset, keys=("pk",), size=batch_size, fields=("name",)):
        done, broken = [], []
        for pk, name in rows:
            try:
                storage.delete(name)
                done.append(pk)
            except Exception:
                logger.exception("could not delete a purged file (pending deletion #%s)", pk)
                broken.append(pk)
        PendingFileDeletion.objects.filter(pk__in=done).delete()
        if broken:
            PendingFileDeletion.objects.filter(pk__in=broken).update(attempts=F("attempts") + 1)
        deleted, failed = deleted + len(done), failed + len(broken)
    return deleted, failed
