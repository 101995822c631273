"""Read the support mailbox over IMAP (imapclient): import new messages, move them, expunge old copies.

One run: select the inbox, list at most INTAKE_MAX_MESSAGES_PER_RUN UIDs (oldest first), read each one's
size, INTERNALDATE and Message-ID, skip those imported before (by Message-ID, or by UID when it has none),
download the others one at a time (memory stays bounded by the largest allowed message), import each in
its own transaction, and move every handled message to the processed folder. A message whose import
fails stays in the inbox for the next run and never stops the others. Then messages older than
INTAKE_EXPUNGE_AFTER_DAYS are expunged from the processed folder: the back-office copy is the record.
"""

import datetime as dt
import logging
import ssl
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import IntegrityError
from django.utils import timezone
from imapclient import IMAPClient

from . import services
from .models import MailboxStatus
from .parsing import parse_message

logger = logging.getLogger(__name__)
FETCH_BATCH = 50
HEADER_ITEM = b"BODY[HEADER.FIELDS (MESSAGE-ID)]"


@dataclass(frozen=True)
class MailboxConfig:
    host: str
    port: int
    username: str
    password: str
    folder: str
    tls: bool

    @classmethod
    def from_url(cls, url: str) -> "MailboxConfig":
        """Parse imaps://user:password@host:993/INBOX (imap:// only for a server on this machine)."""
        parts = urlsplit(url)
        if parts.scheme not in ("imap", "imaps") or not parts.hostname:
            raise ValueError("INTAKE_IMAP_URL must look like imaps://user:password@host:993/INBOX")
        tls = parts.scheme == "imaps"
        return cls(
            host=parts.hostname, port=parts.port or (993 if tls else 143), username=unquote(parts.username or ""),
            password=unquote(parts.password or ""), folder=unquote(parts.path.lstrip("/")) or "INBOX", tls=tls,
        )  # fmt: skip


@dataclass
class RunResult:
    imported: int = 0
    duplicates: int = 0
    refused: int = 0
    failed: int = 0
    expunged: int = 0
    counts: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("imported", "duplicates", "refused", "failed", "expunged")}


def connect(config: MailboxConfig) -> IMAPClient:
    client = IMAPClient(
        config.host, port=config.port, ssl=config.tls, ssl_context=ssl.create_default_context() if config.tls else None,
        timeout=settings.INTAKE_IMAP_TIMEOUT,
    )  # fmt: skip
    client.normalise_times = False  # keep INTERNALDATE's own offset: the legal clock counts from it
    client.login(config.username, config.password)
    return client


def _aware(value: dt.datetime) -> dt.datetime:
    return value if timezone.is_aware(value) else timezone.make_aware(value, dt.UTC)


def _message_id(header: bytes) -> str:
    return parse_message(header + b"\r\n").message_id if header else ""


def _ensure_folder(client: IMAPClient, folder: str) -> None:
    if not client.folder_exists(folder):
        client.create_folder(folder)


def _move(client: IMAPClient, uids: list[int], folder: str) -> None:
    if not uids:
        return
    if client.has_capability("MOVE"):
        client.move(uids, folder)
    else:
        client.copy(uids, folder)
        client.delete_messages(uids)
        client.expunge()


def _import_batch(client, config, uid_validity, uids, ctx, result) -> list[int]:
    """Import one batch of UIDs; return those handled (to move), leaving failures in the inbox."""
    info = client.fetch(uids, ["INTERNALDATE", "RFC822.SIZE", "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
    ids = {uid: _message_id(data.get(HEADER_ITEM, b"")) for uid, data in info.items()}
    seen_ids, seen_uids = services.already_imported(
        message_ids=list(ids.values()), folder=config.folder, uid_validity=uid_validity, uids=list(info)
    )
    handled = []
    for uid in sorted(info):
        data = info[uid]
        if (ids[uid] and ids[uid] in seen_ids) or uid in seen_uids:
            result.duplicates += 1
            handled.append(uid)
            continue
        received_at, size = _aware(data[b"INTERNALDATE"]), int(data[b"RFC822.SIZE"])
        copy = services.ServerCopy(config.folder, uid_validity, uid, received_at, size)
        try:
            if copy.size > settings.INTAKE_MAX_MESSAGE_BYTES:
                header = client.fetch([uid], ["BODY.PEEK[HEADER]"])[uid][b"BODY[HEADER]"]
                services.message_import_refused(copy=copy, header=header, limit=settings.INTAKE_MAX_MESSAGE_BYTES)
                result.refused += 1
            else:
                raw = client.fetch([uid], ["BODY.PEEK[]"])[uid][b"BODY[]"]
                services.message_import(copy=copy, raw=raw, ctx=ctx)
                result.imported += 1
            seen_ids.add(ids[uid])
            handled.append(uid)
        except IntegrityError:  # delivered twice within this batch, or read by a concurrent run
            result.duplicates += 1
            handled.append(uid)
        except Exception as error:  # the type only: a message's text could hold personal data
            result.failed += 1
            logger.error("Mailbox message UID %s could not be imported (%s); it stays in the inbox", uid,
                         type(error).__name__)  # fmt: skip
    return handled


def _expunge_processed(client: IMAPClient, folder: str, days: int) -> int:
    client.select_folder(folder)
    before = (timezone.now() - dt.timedelta(days=days)).date()
    old = client.search(["BEFORE", before])
    if old:
        client.delete_messages(old)
        client.expunge()
    return len(old)


def mailbox_run(config: MailboxConfig) -> RunResult:
    """Read the mailbox once; raise OSError or an IMAP error when it cannot be reached."""
    result = RunResult()
    ctx = services.RunContext()
    with connect(config) as client:
        _ensure_folder(client, settings.INTAKE_PROCESSED_FOLDER)
        selected = client.select_folder(config.folder)
        uid_validity = selected.get(b"UIDVALIDITY")
        uids = sorted(client.search("ALL"))[: settings.INTAKE_MAX_MESSAGES_PER_RUN]
        for start in range(0, len(uids), FETCH_BATCH):
            batch = uids[start : start + FETCH_BATCH]
            _move(
                client,
                _import_batch(client, config, uid_validity, batch, ctx, result),
                settings.INTAKE_PROCESSED_FOLDER,
            )
        result.expunged = _expunge_processed(
            client, settings.INTAKE_PROCESSED_FOLDER, settings.INTAKE_EXPUNGE_AFTER_DAYS
        )
    return result


def mailbox_poll(*, url: str | None = None) -> dict | None:
    """Read the configured mailbox once and record success or failure; None when no mailbox is configured."""
    url = settings.INTAKE_IMAP_URL if url is None else url
    if not url:
        return None
    status = MailboxStatus.get_solo()
    now = timezone.now()
    try:
        result = mailbox_run(MailboxConfig.from_url(url))
    except Exception as error:  # unreachable, refused login, TLS: recorded for the dashboard, never the URL
        status.last_failure_at = now
        status.failing_since = status.failing_since or now
        status.last_error = f"{type(error).__name__}"[:200]
        status.save()
        logger.warning("Mailbox could not be read (%s)", type(error).__name__)
        return {"error": type(error).__name__}
    status.last_success_at, status.failing_since, status.last_error = now, None, ""
    status.last_counts = result.as_dict()
    status.save()
    logger.info("Mailbox read: %s", ", ".join(f"{k} {v}" for k, v in result.as_dict().items()))
    return result.as_dict()
