"""The support mailbox: a batch of messages read from a real IMAP server (pymap) and imported.

Delivers `1,000 * scale` messages (a mix of rights requests, inquiries and triage messages, some with an
attachment) to an in-memory pymap server, then runs the mailbox poll once. Reports the wall time per
message, the queries per message (counted, not stored, so counting costs no memory) compared with a
run a quarter the size (constant: it must not grow with the batch), and the Python heap's peak during
the run against the quarter run (bounded: messages are downloaded and imported one at a time), plus
the process's peak RSS.
"""

import datetime as dt
import resource
import tempfile
import time
import tracemalloc
from email.message import EmailMessage
from email.utils import make_msgid

from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from bench.report import Figure
from mail_intake.mailbox import mailbox_poll
from mail_intake.models import InboundMessage, Inquiry
from rights_requests.models import RightsRequest
from tests.mail_intake.servers import start_imap

DOMAIN = "bench-mail.example"
SUBJECTS = ["GDPR Rights Request", "Data Protection", "A question about my account", "AVG-verzoek", "Hello"]


def _message(index: int) -> bytes:
    message = EmailMessage()
    message["From"] = f"Person {index} <person{index}@{DOMAIN}>"
    message["To"] = "support@callnex.nl"
    message["Subject"] = SUBJECTS[index % len(SUBJECTS)]
    message["Message-ID"] = make_msgid(domain=DOMAIN)
    message.set_content("Hello, I would like to know which data you hold about me.\n" * 40)
    if index % 4 == 0:
        message.add_attachment(b"%PDF-1.4 " + b"0" * 20_000, maintype="application", subtype="pdf", filename="a.pdf")
    return message.as_bytes()


def _cleanup() -> None:
    InboundMessage.objects.filter(from_address__endswith=DOMAIN).delete()
    InboundMessage.history.filter(from_address__endswith=DOMAIN).delete()
    Inquiry.objects.filter(from_address__endswith=DOMAIN).delete()
    Inquiry.history.filter(from_address__endswith=DOMAIN).delete()
    RightsRequest.objects.filter(requester_email__endswith=DOMAIN).delete()
    RightsRequest.history.filter(requester_email__endswith=DOMAIN).delete()


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _run_batch(server, count: int) -> tuple[float, float, int]:
    """Deliver and import `count` messages; return seconds, queries per message and the heap peak in bytes."""
    received = timezone.now() - dt.timedelta(hours=1)
    with server.client() as client:
        for index in range(count):
            client.append("INBOX", _message(index), msg_time=received)
    counter = _QueryCounter()
    tracemalloc.start()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        result = mailbox_poll(url=server.url)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result and result["imported"] == count, result
    return seconds, counter.count / count, peak


def run(*, scale: float) -> list[Figure]:
    count = max(int(1000 * scale), 20)
    server = start_imap()
    try:
        with (
            tempfile.TemporaryDirectory() as media,
            override_settings(
                MEDIA_ROOT=media,
                INTAKE_MAX_MESSAGES_PER_RUN=count,
                EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            ),
        ):
            _cleanup()
            _run_batch(server, 5)  # warm-up: first imports and caches are not the batch's memory
            _cleanup()
            _, quarter_queries, quarter_peak = _run_batch(server, max(count // 4, 5))
            _cleanup()
            seconds, queries, peak = _run_batch(server, count)
            _cleanup()
    finally:
        server.process.terminate()
        server.process.wait(timeout=10)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"   mailbox: {count} messages, peak RSS of the bench process {rss_mb:,.0f} MB", flush=True)
    name = f"mailbox ({count} messages)"
    return [
        Figure(name, "time per message", seconds / count * 1000, "ms"),
        Figure(name, "queries per message", queries, "queries",
               target=f"≤ quarter run's {quarter_queries:.1f} + 1", ok=queries <= quarter_queries + 1),
        Figure(name, "Python heap peak during the run", peak / 1e6, "MB",
               target=f"< 2 × quarter run's {quarter_peak / 1e6:.1f} MB", ok=peak < 2 * quarter_peak),
        Figure(name, "peak RSS of the process", rss_mb, "MB"),
    ]  # fmt: skip
