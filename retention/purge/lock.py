"""Only one purge at a time, across processes and machines.

On PostgreSQL a session advisory lock: the server releases it the moment the holder's connection
dies, so a killed run never blocks the next one. Elsewhere (SQLite, one machine) a lease row claimed
with a conditional UPDATE; it is free when released, expired, or held by a process that no longer
exists on this host.
"""

import datetime as dt
import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.utils import timezone

from ..models import PurgeLease

ADVISORY_LOCK_KEY = 0x43_4E_50_55_52_47_45  # "CNPURGE"
LEASE_NAME = "purge"
LEASE_SECONDS = 600


class PurgeAlreadyRunning(Exception):
    """Another purge holds the lock."""

    def __init__(self):
        super().__init__("A purge is already running; this one did nothing.")


def this_host() -> str:
    return socket.gethostname()


def _process_exists(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Lease:
    """The held lock; `renew()` after each batch keeps a lease from expiring under a long run."""

    def __init__(self, token: str = "", seconds: int = LEASE_SECONDS):
        self.token, self.seconds = token, seconds

    def renew(self) -> None:
        if self.token:
            expires = timezone.now() + dt.timedelta(seconds=self.seconds)
            PurgeLease.objects.filter(name=LEASE_NAME, token=self.token).update(expires_at=expires)


def _claim_lease(seconds: int) -> Lease:
    lease, _ = PurgeLease.objects.get_or_create(name=LEASE_NAME)
    now = timezone.now()
    free = (
        not lease.token
        or (lease.expires_at and lease.expires_at < now)
        or (lease.host == this_host() and not _process_exists(lease.pid))
    )
    if not free:
        raise PurgeAlreadyRunning
    token = secrets.token_hex(16)
    claimed = PurgeLease.objects.filter(pk=lease.pk, token=lease.token).update(
        token=token, host=this_host(), pid=os.getpid(), expires_at=now + dt.timedelta(seconds=seconds)
    )
    if claimed != 1:  # someone claimed it between our read and our update
        raise PurgeAlreadyRunning
    return Lease(token, seconds)


@contextmanager
def purge_lock(*, lease_seconds: int = LEASE_SECONDS) -> Iterator[Lease]:
    """Hold the purge lock for the duration of the block, or raise PurgeAlreadyRunning."""
    if connection.vendor == "postgresql":
        # Advisory locks nest within a session, so the session itself must refuse a second purge.
        if getattr(connection, "_callnex_purge_locked", False):
            raise PurgeAlreadyRunning
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
            if not cursor.fetchone()[0]:
                raise PurgeAlreadyRunning
        connection._callnex_purge_locked = True
        try:
            yield Lease()
        finally:
            connection._callnex_purge_locked = False
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
        return
    lease = _claim_lease(lease_seconds)
    try:
        yield lease
    finally:
        PurgeLease.objects.filter(name=LEASE_NAME, token=lease.token).update(token="", pid=None, expires_at=None)
