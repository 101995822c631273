"""The evidence pack of a busy year: 10,000 rights requests, 365 purge runs and 200 activities (at scale 1).

Builds the data with bulk inserts (idempotent: reused when the counts match), then runs
`manage.py evidence_pack` in a subprocess for the year and reports its wall time and peak RSS (from
wait4, so the whole process, PDF rendering included, is measured). Targets: < 30 s and < 300 MB.
"""

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from bench.report import Figure

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "Bench pack"
WALL_TARGET_S, RSS_TARGET_MB = 30.0, 300.0
RIGHTS = ["access", "erasure", "objection", "rectification", "portability"]


def _activities(count: int) -> None:
    from legal_basis.models import DpiaScreening, ProcessingActivity, SecurityMeasure

    existing = ProcessingActivity.objects.filter(name__startswith=PREFIX)
    if existing.count() == count:
        return
    existing.delete()
    owner, _ = get_user_model().objects.get_or_create(username="bench-owner", defaults={"is_staff": True})
    now = timezone.now()
    activities = ProcessingActivity.objects.bulk_create(
        ProcessingActivity(
            name=f"{PREFIX} activity {i:04d}", purpose="Bench purpose of the processing, one sentence long.",
            description="What the bench activity does, by which systems.", role="processor" if i % 2 else "controller",
            all_customers=bool(i % 2), owner=owner, status="approved", approved_by=owner, approved_at=now,
            next_review_on=now.date() + dt.timedelta(days=300),
        )
        for i in range(count)
    )  # fmt: skip
    DpiaScreening.objects.bulk_create(
        DpiaScreening(activity=a, screened_at=now, **{name: False for name in (
            "evaluation_or_scoring", "automated_decision_legal_effect", "systematic_monitoring", "sensitive_data",
            "large_scale", "matching_datasets", "vulnerable_subjects", "innovative_technology",
            "prevents_exercising_right")})
        for a in activities
    )  # fmt: skip
    through = ProcessingActivity.security_measures.through
    through.objects.bulk_create(
        through(processingactivity=a, securitymeasure=m) for a in activities for m in SecurityMeasure.objects.all()
    )


def _requests(count: int, start: dt.date) -> None:
    from rights_requests import deadlines
    from rights_requests.models import RightsRequest

    existing = RightsRequest.objects.filter(reference__startswith="BENCH-")
    if existing.count() == count:
        return
    existing.delete()
    rows = []
    for i in range(count):
        received = dt.datetime.combine(start + dt.timedelta(days=i * 365 // count), dt.time(10, tzinfo=dt.UTC))
        closed = received + dt.timedelta(days=5 + i % 40)
        status = "refused" if i % 17 == 0 else "completed"
        rows.append(RightsRequest(
            reference=f"BENCH-{i:06d}", requester_name=f"Bench Person {i}", requester_email=f"bench{i}@example.be",
            rights=[RIGHTS[i % len(RIGHTS)]], channel="email", received_at=received, status=status,
            refusal_reason="manifestly_unfounded" if status == "refused" else "",
            extension_months=1 if i % 29 == 0 else 0, closed_at=closed,
            due_on=deadlines.due_date(received.date(), extension_months=1 if i % 29 == 0 else 0),
        ))  # fmt: skip
    RightsRequest.objects.bulk_create(rows, batch_size=2000)


def _purge_runs(count: int, start: dt.date) -> None:
    from retention.models import DataCategory, PurgeCategoryResult, PurgeRun

    existing = PurgeRun.objects.filter(host="bench-pack")
    if existing.count() == count:
        return
    existing.delete()
    runs = PurgeRun.objects.bulk_create(
        PurgeRun(
            status="succeeded", trigger="schedule", started_at=(at := dt.datetime.combine(start + dt.timedelta(days=i),
            dt.time(2, tzinfo=dt.UTC))), ended_at=at + dt.timedelta(minutes=3), heartbeat_at=at, host="bench-pack",
            pid=1, batches=40,
        )
        for i in range(count)
    )  # fmt: skip
    PurgeCategoryResult.objects.bulk_create(
        PurgeCategoryResult(run=run, category=category, deleted=100) for run in runs for category in DataCategory.values
    )


def _run_command(out: Path, start: dt.date, end: dt.date) -> tuple[float, float]:
    env = {**os.environ, "DEBUG": "0", "LOG_LEVEL": "WARNING"}
    # Production settings serve hashed static names: collect them first, as a deploy does.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "evidence_pack", "--out", str(out), "--from", str(start), "--to", str(end)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    assert os.waitstatus_to_exitcode(status) == 0, "the evidence pack command failed"
    return wall, usage.ru_maxrss / 1024


def run(*, scale: float) -> list[Figure]:
    end = timezone.localdate()
    start = end - dt.timedelta(days=364)
    requests, runs, activities = max(int(10_000 * scale), 50), max(int(365 * scale), 5), max(int(200 * scale), 4)
    _activities(activities)
    _requests(requests, start)
    _purge_runs(runs, start)
    connection.cursor().execute("ANALYZE")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "pack.zip"
        wall, rss = _run_command(out, start, end)
        size_mb = out.stat().st_size / 1e6
    name = "evidence_pack"
    label = f"{requests} requests, {runs} purge runs, {activities} activities"
    print(f"   evidence pack ({label}): {wall:.1f} s, peak RSS {rss:.0f} MB, ZIP {size_mb:.1f} MB", flush=True)
    return [
        Figure(name, f"manage.py evidence_pack, a year ({label})", wall, "s", f"< {WALL_TARGET_S:.0f} s",
               wall < WALL_TARGET_S),
        Figure(name, "peak RSS of the command", rss, "MB", f"< {RSS_TARGET_MB:.0f} MB", rss < RSS_TARGET_MB),
    ]  # fmt: skip
