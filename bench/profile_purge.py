"""Where the purge's time goes, against the floor, on one dataset (a bench-only tool, not part of `make bench`).

    DATABASE_URL=postgres://.../callnex_bench python -m bench.profile_purge [--calls 200000] [--batch-size N]

Builds the purge benchmark's dataset (`--calls` expired calls), copies it, then runs the purge IN
PROCESS on one copy with per-phase timers (each SQL statement by kind, each COMMIT, the bookkeeping
flush, each purger, the file thread) and the PL/pgSQL floor on the other, and prints both.
"""

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_purge")
    parser.add_argument("--calls", type=int, default=200_000)
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="reuse the migrated template of the last run")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "callnex_compliance.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("EMAIL_CONSOLE_IN_PRODUCTION", "1")
    sys.path.insert(0, str(ROOT))
    from bench import bench_purge as bp

    admin, template, run_url, floor_url, _ = bp._urls()
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [bp._db_name(template)]).fetchone()
    if not (args.keep and exists):
        bp._migrated_template(admin, template)
    bp._drop(admin, run_url, floor_url)
    bp._admin(admin, f'CREATE DATABASE "{bp._db_name(run_url)}" TEMPLATE "{bp._db_name(template)}"')
    media = tempfile.mkdtemp()
    started = time.perf_counter()
    held, _, _ = bp._fill(run_url, expired=args.calls, media=Path(media))
    print(f"built {args.calls:,} calls in {time.perf_counter() - started:.1f} s", flush=True)
    bp._admin(admin, f'CREATE DATABASE "{bp._db_name(floor_url)}" TEMPLATE "{bp._db_name(run_url)}"')

    os.environ["DATABASE_URL"], os.environ["MEDIA_ROOT"], os.environ["DEBUG"] = run_url, media, "0"
    import django

    django.setup()
    from django.db import connection

    from retention.purge import context as purge_context
    from retention.purge import files, runner

    seconds: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)

    def timed_statement(execute, sql, params, many, context):
        kind = " ".join(sql.split()[:2])[:40]
        if "gone_transcripts" in sql:
            kind = "call batch statement"
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seconds["sql: " + kind] += time.perf_counter() - began
            counts["sql: " + kind] += 1

    commit = connection._commit

    def timed_commit():
        began = time.perf_counter()
        try:
            return commit()
        finally:
            seconds["COMMIT"] += time.perf_counter() - began
            counts["COMMIT"] += 1

    connection._commit = timed_commit
    flush = purge_context.PurgeContext.flush

    def timed_flush(self):
        began = time.perf_counter()
        try:
            return flush(self)
        finally:
            seconds["flush (bookkeeping, inside a batch)"] += time.perf_counter() - began
            counts["flush (bookkeeping, inside a batch)"] += 1

    purge_context.PurgeContext.flush = timed_flush
    remove_batch = files._remove_batch

    def timed_remove(queue_id, names):
        began = time.thread_time()
        try:
            return remove_batch(queue_id, names)
        finally:
            seconds["file thread CPU (not on the main path)"] += time.thread_time() - began
            counts["file thread CPU (not on the main path)"] += 1

    files._remove_batch = timed_remove
    for purger in runner.PURGERS:
        run, purger_name = purger.run, type(purger).__name__

        def timed_run(ctx, run=run, name=purger_name):
            began = time.perf_counter()
            try:
                return run(ctx)
            finally:
                seconds[f"purger {name}"] += time.perf_counter() - began

        purger.run = timed_run
    options = {"batch_size": args.batch_size} if args.batch_size else {}
    began, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(timed_statement):
        result = runner.execute(runner.RunOptions(trigger="manual", **options))
    wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    print(
        f"purge in process: {wall:.2f} s wall, {cpu:.2f} s CPU (process), status {result.status}, "
        f"{result.batches} batches, longest {result.longest_transaction_ms} ms"
    )
    for name, value in sorted(seconds.items(), key=lambda item: -item[1]):
        print(f"  {name:<55} {value:8.2f} s  x{counts.get(name, '')}")
    connection.close()
    floor = bp._run_floor(floor_url, admin, held)
    ratio = wall / floor["wall"]
    print(f"floor: {floor['wall']:.2f} s, longest {floor['longest_ms']:.0f} ms; purge / floor {ratio:.2f}")


if __name__ == "__main__":
    main()
