"""Notice of one sub-processor change to every customer and public subscriber, with proof per recipient.

Builds `2,000 * scale` customers and `5,000 * scale` confirmed subscribers (bulk inserts), then sends
one change's notices through `notices_send` with the in-memory mail backend, and reports the wall time
and the queries per recipient batch, which must not grow with the number of recipients.
"""

import math
import time

from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.report import Figure
from callnex_compliance.platform_data.models import Customer
from subprocessors import services
from subprocessors.models import NoticeDelivery, Subprocessor, SubprocessorChange, Subscription

PREFIX = "Bench notice"
# A batch is a claim UPDATE, a read of the claimed rows and one bulk UPDATE in its own transaction
# (BEGIN/COMMIT are counted): 5 statements, whatever the batch size; the margin covers per-pass reads.
QUERIES_PER_BATCH_TARGET = 8


def _cleanup() -> None:
    changes = SubprocessorChange.objects.filter(subprocessor__legal_name__startswith=PREFIX)
    NoticeDelivery.objects.filter(change__in=changes).delete()
    changes.delete()
    Subprocessor.objects.filter(legal_name__startswith=PREFIX).delete()
    Customer.objects.filter(name__startswith=PREFIX).delete()
    Subscription.objects.filter(email__startswith="bench-notice-").delete()


def _recipients(customers: int, subscribers: int) -> None:
    today = timezone.localdate()
    Customer.objects.bulk_create(
        Customer(name=f"{PREFIX} {i:05d}", contact_email=f"privacy{i}@bench.example", contract_started_on=today)
        for i in range(customers)
    )
    Subscription.objects.bulk_create(
        Subscription(email=f"bench-notice-{i}@bench.example", confirmed_at=timezone.now()) for i in range(subscribers)
    )


def _change() -> SubprocessorChange:
    now = timezone.now()
    subprocessor = Subprocessor.objects.create(
        public_name=PREFIX, legal_name=f"{PREFIX} GmbH", service="Bench", purpose="Bench", data_categories="Bench",
        locations=["DE"], status=Subprocessor.Status.ANNOUNCED, announced_at=now,
        effective_from=now.date().replace(year=now.year + 1),
    )  # fmt: skip
    return SubprocessorChange.objects.create(
        subprocessor=subprocessor, kind=SubprocessorChange.Kind.ADDITION, summary="Bench change.",
        new_locations=["DE"], announced_at=now, effective_from=subprocessor.effective_from,
        notice_subject="Bench notice", notice_text="Bench notice text.",
    )  # fmt: skip


def run(*, scale: float) -> list[Figure]:
    customers, subscribers = max(int(2000 * scale), 10), max(int(5000 * scale), 10)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    _cleanup()
    _recipients(customers, subscribers)
    change = _change()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        counts = services.notices_send(change_id=change.pk)
    seconds = time.perf_counter() - started
    with CaptureQueriesContext(connection) as fixed:  # a second run sends nothing: only the fixed queries
        services.notices_send(change_id=change.pk)
    recipients = customers + subscribers
    # Customers and subscribers are sent in separate passes, each in batches.
    batches = math.ceil(customers / services.NOTICE_BATCH_SIZE) + math.ceil(subscribers / services.NOTICE_BATCH_SIZE)
    per_batch = (len(queries) - len(fixed)) / batches
    once_each = counts["sent"] == recipients == len(mail.outbox) == len({m.to[0] for m in mail.outbox})
    mail.outbox = []
    _cleanup()
    name = "notices"
    return [
        Figure(name, f"notify {customers} customers + {subscribers} subscribers", seconds, "s"),
        Figure(name, f"queries per batch of {services.NOTICE_BATCH_SIZE} ({len(queries)} in all, {batches} batches)",
               per_batch, "queries", f"<= {QUERIES_PER_BATCH_TARGET}", per_batch <= QUERIES_PER_BATCH_TARGET),
        Figure(name, "every recipient notified exactly once", float(once_each), "", "1", once_each),
    ]  # fmt: skip
