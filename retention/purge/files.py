"""Storage files of deleted rows: queued in the row's transaction, removed after it commits.

The queue row is written in the same transaction as the row delete, so either both happen or neither;
a crash after the commit leaves the queue row, and the next run removes the file.
"""

import contextlib
import json
import logging
import os
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, Storage
from django.db import connection, transaction
from django.db.models import F, Model

from callnex_compliance.platform_data.models import CallRecording

from ..models import PendingFileDeletion
from .batches import delete_in, int_array, keyset_batches, quote_table_column, unhandled_relations

logger = logging.getLogger(__name__)


def recording_storage() -> Storage:
    return CallRecording._meta.get_field("audio").storage


class FileRemover:
    """Remove committed batches' files in a background thread while the next batch runs.

    No database work happens in the thread; `harvest()` hands finished removals to
    `on_done(queue_id, removed, failed_names)` in the calling thread, which forgets the queue row in
    its next transaction (a crash before that only means the next run removes already-missing files
    again, which is harmless). After `close()` removals run at once.
    """

    def __init__(self, on_done: Callable[[int, int, list[str]], None]):
        self._on_done = on_done
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="purge-files")
        self._futures: list[Future] = []
        self._closed = False

    def submit(self, queue_id: int, names: list[str]) -> None:
        if self._closed:
            self._on_done(*_remove_batch(queue_id, names))
        else:
            self._futures.append(self._pool.submit(_remove_batch, queue_id, names))

    def harvest(self, *, wait: bool = False) -> None:
        still_running = []
        for future in self._futures:
            if wait or future.done():
                self._on_done(*future.result())
            else:
                still_running.append(future)
        self._futures = still_running

    def close(self) -> None:
        self.harvest(wait=True)
        self._pool.shutdown()
        self._closed = True


def delete_with_files(model: type[Model], field: str, ids: list[int], *, file_field: str, remover: FileRemover) -> int:
    """Delete rows (by `field` in `ids`) and queue their files in the same transaction; return rows deleted.

    The files are removed once the transaction commits. On PostgreSQL the delete, the queueing and
    the names coming back are one statement; elsewhere three.
    """
    if not ids:
        return 0
    if connection.vendor == "postgresql" and not unhandled_relations(model, frozenset()):
        deleted, queue_id, names = _delete_and_queue_pg(model, field, ids, file_field)
    else:
        names = [n for n in model._base_manager.filter(**{f"{field}__in": ids}).values_list(file_field, flat=True) if n]
        deleted = delete_in(model, field, ids)
        queue_id = PendingFileDeletion.objects.create(names=names).pk if names else None
    if queue_id is not None:
        transaction.on_commit(partial(remover.submit, queue_id, names), robust=True)
    return deleted


def _delete_and_queue_pg(model: type[Model], field: str, ids: list[int], file_field: str):
    quote = connection.ops.quote_name
    table, column = quote_table_column(model, field)
    files = quote(model._meta.get_field(file_field).column)
    pending = quote(PendingFileDeletion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH gone AS (DELETE FROM {table} WHERE {column} = ANY(%s::bigint[]) RETURNING {files} AS name),
            queued AS (
                INSERT INTO {pending} (names, queued_at, attempts)
                SELECT jsonb_agg(name), now(), 0 FROM gone WHERE name <> '' HAVING count(*) > 0
                RETURNING id, names
            )
            SELECT (SELECT count(*) FROM gone), queued.id, queued.names FROM (SELECT 1) AS one
            LEFT JOIN queued ON true
            """,
            [int_array(ids)],
        )
        deleted, queue_id, names = cursor.fetchone()
    return deleted, queue_id, json.loads(names) if isinstance(names, str) else names


def _remove_batch(queue_id: int, names: list[str]) -> tuple[int, int, list[str]]:
    failed = remove_files(names)
    return queue_id, len(names) - len(failed), failed


def _remover(storage: Storage):
    """Return a function that deletes one stored file; a file already gone counts as deleted."""
    if not isinstance(storage, FileSystemStorage):
        return storage.delete
    # Local files: storage.delete() resolves and stats every path first, which adds up over a million
    # files; one os.remove is enough, behind the same containment check as safe_join.
    root = os.path.abspath(storage.location)
    prefix = root + os.sep

    def remove(name: str) -> None:
        # A relative name without ".." stays inside the root; only the others need normalising.
        if ".." in name or os.path.isabs(name):
            path = os.path.normpath(os.path.join(root, name))
            if not path.startswith(prefix):
                raise SuspiciousFileOperation("A queued file lies outside the media folder.")
        else:
            path = prefix + name
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)

    return remove


def remove_files(names: list[str]) -> list[str]:
    """Remove the files from storage; return the names that could not be removed. No database work."""
    remove = _remover(recording_storage())
    failed = []
    for index, name in enumerate(names):
        if index % 256 == 0:
            time.sleep(0)  # hand the GIL back so the purge's main thread resumes as soon as its query returns
        try:
            remove(name)
        except Exception:
            logger.exception("could not delete a purged file")
            failed.append(name)
    return failed


def files_forget(*, done: list[int], retry: dict[int, list[str]]) -> None:
    """Drop the queue rows whose files are gone; keep only the failed names of the others, for next time."""
    delete_in(PendingFileDeletion, "pk", done)
    for queue_id, names in retry.items():
        PendingFileDeletion.objects.filter(pk=queue_id).update(names=names, attempts=F("attempts") + 1)


def files_delete_pending(*, batch_size: int = 20) -> tuple[int, int]:
    """Remove every queued file, e.g. those a crashed run left; return how many (removed, failed).

    Removing a file that is already gone counts as done: a rerun after a crash must not fail on it.
    """
    removed = failed_count = 0
    for rows in keyset_batches(PendingFileDeletion.objects.all(), size=batch_size, fields=("names",)):
        done, retry = [], {}
        for queue_id, names in rows:
            failed = remove_files(names)
            removed += len(names) - len(failed)
            failed_count += len(failed)
            if failed:
                retry[queue_id] = failed
            else:
                done.append(queue_id)
        files_forget(done=done, retry=retry)
    return removed, failed_count
