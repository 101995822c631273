"""The nightly purge at scale, against the fastest deletion PostgreSQL itself can do of the identical set.

Data: 1,000,000 expired calls, each with a recording and a transcript (3M rows to delete), plus 20%
more calls that have not expired and 5% that have expired but sit in a campaign under a legal hold.
Each size is built once with set-based SQL in `<db>_purge`, copied with CREATE DATABASE ... TEMPLATE
to `<db>_purge_floor` and `<db>_purge_sql`, then:

- `manage.py purge` runs in a subprocess on the first copy (wall time, peak RSS from wait4, and the
  longest transaction both as the purge recorded it and as sampled from pg_stat_activity);
- the floor: a PL/pgSQL procedure on the second copy (keyset over the expired, unheld calls, 10,000
  ids per transaction, transcripts, recordings, calls, COMMIT inside the procedure: no client round
  trip, no file, no bookkeeping);
- a client-driven loop on the third (the same three DELETEs per 5,000 ids, one round trip each), a
  second reference.

All must end in the same state. Recording rows point at file names that mostly do not exist (the
purge must treat that as done); a sample of real files proves that files are removed. The scaling
figure compares the data size with a tenth of it (`--scale 10`: 10M calls against 1M, opt-in).
"""

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg

from bench.report import Figure

ROOT = Path(__file__).resolve().parent.parent
NAME = "purge"
BATCH = 5000  # the purge default (retention.purge.context.DEFAULT_BATCH_SIZE); the baseline uses the same
REAL_FILES = 200
LOOP_UP_TO = 1_000_000  # the client loop's copy and run are left out beyond (10M calls: --scale 10)
FLOOR_BATCH = 10_000
TARGET_FLOOR_RATIO = 1.2
SQL_BASELINE = """
    SELECT id FROM platform_data_callrecord
    WHERE ended_at < now() - interval '12 months' AND campaign_id <> %s AND id > %s
    ORDER BY id LIMIT %s
"""


FLOOR_PROCEDURE = """
    CREATE PROCEDURE bench_purge_floor(held bigint, batch integer) LANGUAGE plpgsql AS $$
    DECLARE
        cutoff timestamptz := now() - interval '12 months';
        last_id bigint := 0;
        ids bigint[];
    BEGIN
        LOOP
            SELECT array_agg(id ORDER BY id) INTO ids FROM (
                SELECT id FROM platform_data_callrecord
                WHERE ended_at < cutoff AND campaign_id <> held AND id > last_id ORDER BY id LIMIT batch
            ) page;
            EXIT WHEN ids IS NULL;
            DELETE FROM platform_data_transcript WHERE call_id = ANY(ids);
            DELETE FROM platform_data_callrecording WHERE call_id = ANY(ids);
            DELETE FROM platform_data_callrecord WHERE id = ANY(ids);
            last_id := ids[array_upper(ids, 1)];
            COMMIT;
        END LOOP;
    END $$
"""


def _urls() -> tuple[str, str, str, str, str]:
    """Return the server's admin database and the bench's own: template, purge, floor and loop copies.

    All names derive from DATABASE_URL's (e.g. callnex_bench_purge_floor), so two checkouts benchmarking
    on one server with different DATABASE_URLs never drop each other's databases.
    """
    base = os.environ["DATABASE_URL"]
    server, name = base.rsplit("/", 1)
    copies = (f"{server}/{name}_purge_{suffix}" for suffix in ("tpl", "run", "floor", "sql"))
    return (server + "/postgres", *copies)


def _admin(url: str, *statements: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def _db_name(url: str) -> str:
    return url.rsplit("/", 1)[1]


def _env(url: str, media: str) -> dict:
    return {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": media, "DEBUG": "0", "LOG_LEVEL": "WARNING"}


def _migrated_template(admin_url: str, template_url: str) -> None:
    name = _db_name(template_url)
    _admin(admin_url, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=_env(template_url, tempfile.gettempdir()),
        check=True,
    )


def _fill(url: str, *, expired: int, media: Path) -> tuple[int, list[int], list[int]]:
    """Create the dataset; return the held campaign id, sample files that must go and files that stay."""
    total = expired + expired // 5 + expired // 20
    with psycopg.connect(url, autocommit=True) as conn:
        customer = conn.execute(
            "INSERT INTO platform_data_customer (name, vat_number, contact_email, contract_started_on, created_at) "
            "VALUES ('Purge Bench Customer', 'BE0888888888', '', CURRENT_DATE - 900, now()) RETURNING id"
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO platform_data_campaign (customer_id, name, started_at, ended_at) "
            "SELECT %s, 'Purge bench ' || g, now() - interval '900 days', NULL FROM generate_series(1, 20) g",
            [customer],
        )
        held = conn.execute("SELECT min(id) FROM platform_data_campaign").fetchone()[0]
        # Calls are stored as they end, so ids follow ended_at: the oldest come first. Of the old ones,
        # one in 21 belongs to the held campaign (5% of the expired count); the newest 20% are recent.
        old = expired + expired // 20
        conn.execute(
            """
            INSERT INTO platform_data_callrecord
                (campaign_id, contact_id, remote_number, direction, started_at, ended_at, outcome)
            SELECT CASE WHEN g < %(old)s AND g %% 21 = 20 THEN %(held)s ELSE %(held)s + 1 + g %% 19 END, NULL,
                   '+3247' || lpad((g %% 10000000)::text, 7, '0'), 'outbound', e - interval '3 minutes', e, 'answered'
            FROM (
                SELECT g, CASE WHEN g < %(old)s THEN now() - interval '700 days' + g * (interval '300 days' / %(old)s)
                               ELSE now() - interval '25 days' + (g - %(old)s) * (interval '25 days' / %(recent)s)
                          END AS e
                FROM generate_series(0, %(total)s - 1) g
            ) calls
            """,
            {"held": held, "total": total, "old": old, "recent": total - old},
        )
        conn.execute(
            "INSERT INTO platform_data_callrecording (call_id, audio, duration_seconds, size_bytes, created_at) "
            "SELECT id, 'recordings/bench/' || id || '.wav', 180, 1440000, now() FROM platform_data_callrecord"
        )
        conn.execute(
            "INSERT INTO platform_data_transcript (call_id, language, text, created_at) "
            "SELECT id, 'nl', 'Agent: Goeiedag, u spreekt met CallNex. Klant: bench transcript.', now() "
            "FROM platform_data_callrecord"
        )
        conn.execute(
            "INSERT INTO retention_legalhold (scope, campaign_id, reason, reference, placed_at) "
            "VALUES ('campaign', %s, 'Bench hold', 'BENCH-1', now())",
            [held],
        )
        going = [r[0] for r in conn.execute(SQL_BASELINE, [held, 0, REAL_FILES]).fetchall()]
        staying = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM platform_data_callrecord WHERE ended_at > now() - interval '30 days' "
                "ORDER BY id LIMIT 50"
            ).fetchall()
        ]
        conn.execute("VACUUM ANALYZE")
    for call_id in going + staying:
        path = media / "recordings" / "bench" / f"{call_id}.wav"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"RIFF bench audio")
    return held, going, staying


class LongestTransaction(threading.Thread):
    """Sample pg_stat_activity of one database and keep the age of the oldest open transaction."""

    def __init__(self, admin_url: str, database: str):
        super().__init__(daemon=True)
        self.admin_url, self.database, self.longest, self.running = admin_url, database, 0.0, True
        self.longest_query = ""  # the start of the statement running when the longest age was seen

    def run(self) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            while self.running:
                row = conn.execute(
                    "SELECT extract(epoch FROM clock_timestamp() - xact_start), left(query, 60) "
                    "FROM pg_stat_activity WHERE datname = %s AND state <> 'idle' AND pid <> pg_backend_pid() "
                    "AND xact_start IS NOT NULL ORDER BY xact_start LIMIT 1",
                    [self.database],
                ).fetchone()
                if row and float(row[0]) > self.longest:
                    self.longest, self.longest_query = float(row[0]), " ".join(row[1].split())
                time.sleep(0.01)

    def stop(self) -> float:
        self.running = False
        self.join()
        return self.longest


def _run_purge(url: str, admin_url: str, media: str) -> dict:
    sampler = LongestTransaction(admin_url, _db_name(url))
    sampler.start()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "purge", "--batch-size", str(BATCH)],
        cwd=ROOT,
        env=_env(url, media),
        stdout=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    sampled = sampler.stop()
    print(f"   longest purge transaction sampled: {sampled * 1000:.0f} ms ({sampler.longest_query} ...)", flush=True)
    assert process.returncode == 0, "the purge failed"
    with psycopg.connect(url) as conn:
        recorded_ms, batches, inside = conn.execute(
            "SELECT longest_transaction_ms, batches, extract(epoch FROM ended_at - started_at) "
            "FROM retention_purgerun ORDER BY id DESC LIMIT 1"
        ).fetchone()
    return {
        "wall": wall,
        "inside": float(inside),
        "rss_mb": usage.ru_maxrss / 1024,
        "longest_ms": max(recorded_ms, sampled * 1000),
        "batches": batches,
    }


def _run_floor(url: str, admin_url: str, held: int) -> dict:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(FLOOR_PROCEDURE)
        sampler = LongestTransaction(admin_url, _db_name(url))
        sampler.start()
        started = time.perf_counter()
        conn.execute("CALL bench_purge_floor(%s, %s)", [held, FLOOR_BATCH])
        wall = time.perf_counter() - started
    return {"wall": wall, "longest_ms": sampler.stop() * 1000}


def _run_sql(url: str, admin_url: str, held: int) -> dict:
    sampler = LongestTransaction(admin_url, _db_name(url))
    sampler.start()
    started = time.perf_counter()
    last, longest = 0, 0.0
    with psycopg.connect(url) as conn:
        while True:
            began = time.perf_counter()
            ids = [r[0] for r in conn.execute(SQL_BASELINE, [held, last, BATCH]).fetchall()]
            if not ids:
                conn.commit()
                break
            conn.execute("DELETE FROM platform_data_transcript WHERE call_id = ANY(%s)", [ids])
            conn.execute("DELETE FROM platform_data_callrecording WHERE call_id = ANY(%s)", [ids])
            conn.execute("DELETE FROM platform_data_callrecord WHERE id = ANY(%s)", [ids])
            conn.commit()
            longest = max(longest, time.perf_counter() - began)
            last = ids[-1]
    wall = time.perf_counter() - started
    return {"wall": wall, "longest_ms": max(longest, sampler.stop()) * 1000}


def _state(url: str) -> tuple:
    with psycopg.connect(url) as conn:
        return tuple(
            conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg({column}::text, ',' ORDER BY {column}), '')) FROM {table}"
            ).fetchone()
            for table, column in (
                ("platform_data_callrecord", "id"),
                ("platform_data_callrecording", "call_id"),
                ("platform_data_transcript", "call_id"),
            )
        )


def _drop(admin_url: str, *urls: str) -> None:
    _admin(admin_url, *(f'DROP DATABASE IF EXISTS "{_db_name(url)}"' for url in urls))


def _measure(expired: int, urls: tuple[str, str, str, str, str], *, loop: bool) -> dict:
    """Build the dataset, copy it, and run the purge, the floor and (when `loop`) the client loop."""
    admin_url, template_url, purge_url, floor_url, sql_url = urls
    _drop(admin_url, purge_url, floor_url, sql_url)
    _admin(admin_url, f'CREATE DATABASE "{_db_name(purge_url)}" TEMPLATE "{_db_name(template_url)}"')
    with tempfile.TemporaryDirectory() as media:
        print(f"   building {expired:,} expired calls ...", flush=True)
        held, going, staying = _fill(purge_url, expired=expired, media=Path(media))
        copies = (floor_url, sql_url) if loop else (floor_url,)
        for copy in copies:
            _admin(admin_url, f'CREATE DATABASE "{_db_name(copy)}" TEMPLATE "{_db_name(purge_url)}"')
        print("   purging ...", flush=True)
        purge = _run_purge(purge_url, admin_url, media)
        print("   floor (PL/pgSQL procedure) ...", flush=True)
        floor = _run_floor(floor_url, admin_url, held)
        sql = None
        if loop:
            print("   client-driven SQL loop ...", flush=True)
            sql = _run_sql(sql_url, admin_url, held)
        files = Path(media, "recordings", "bench")
        purge["files_ok"] = not any((files / f"{i}.wav").exists() for i in going) and all(
            (files / f"{i}.wav").exists() for i in staying
        )
    end_state = _state(purge_url)
    purge["same_state"] = all(_state(copy) == end_state for copy in copies)
    loop_text = f", loop {sql['wall']:.1f} s" if sql else ""
    print(
        f"   {expired:,} calls: purge {purge['wall']:.1f} s, floor {floor['wall']:.1f} s{loop_text}, "
        f"RSS {purge['rss_mb']:.0f} MB, longest {purge['longest_ms']:.0f} ms, {purge['batches']} batches",
        flush=True,
    )
    _drop(admin_url, floor_url, sql_url)
    return {"purge": purge, "floor": floor, "sql": sql, "rows": 3 * expired}


def _loop_figures(b: str, purge: dict, sql: dict | None) -> list[Figure]:
    if sql is None:
        return []
    return [
        Figure(b, f"client-driven SQL loop ({BATCH:,} ids per round trip), identical copy", sql["wall"], "s"),
        Figure(b, "purge / client-driven SQL loop", purge["wall"] / sql["wall"], "x"),
    ]


def run(*, scale: float) -> list[Figure]:
    urls = _urls()
    big_calls = max(int(1_000_000 * scale), 2_000)
    small_calls = max(big_calls // 10, 200)
    _migrated_template(urls[0], urls[1])
    try:
        small = _measure(small_calls, urls, loop=False)
        big = _measure(big_calls, urls, loop=big_calls <= LOOP_UP_TO)
    finally:
        _drop(urls[0], *urls[1:])
    purge, floor, sql = big["purge"], big["floor"], big["sql"]
    size = f"{big_calls:,} expired calls"
    ratio = purge["wall"] / floor["wall"]
    scaling = purge["wall"] / small["purge"]["wall"]
    b = "purge"
    return [
        Figure(b, f"wall time, {size} (+20% recent, +5% held)", purge["wall"], "s"),
        Figure(
            b, f"floor: PL/pgSQL procedure, {FLOOR_BATCH:,} ids per transaction, identical copy", floor["wall"], "s"
        ),
        Figure(b, "purge / floor", ratio, "x", f"<= {TARGET_FLOOR_RATIO}", ratio <= TARGET_FLOOR_RATIO),
        Figure(b, "of the purge's wall time: the run itself (the rest: process start-up, exit)", purge["inside"], "s"),
        Figure(b, "purge batches (call batches aimed at 0.5 s each)", purge["batches"], ""),
        *_loop_figures(b, purge, sql),
        Figure(b, "purge rows deleted per second", big["rows"] / purge["wall"], "rows/s"),
        Figure(b, "floor rows deleted per second", big["rows"] / floor["wall"], "rows/s"),
        Figure(b, "peak RSS of the purge process", purge["rss_mb"], "MB", "<= 200", purge["rss_mb"] <= 200),
        Figure(b, "longest purge transaction", purge["longest_ms"], "ms", "<= 2000", purge["longest_ms"] <= 2000),
        Figure(b, "longest floor transaction", floor["longest_ms"], "ms"),
        Figure(b, f"10x data: time({big_calls:,}) / time({small_calls:,})", scaling, "x", "<= 11", scaling <= 11),
        Figure(
            b,
            "same end state as the floor (and the loop)",
            float(purge["same_state"]),
            "bool",
            "1",
            purge["same_state"],
        ),
        Figure(b, "sample files removed, others kept", float(purge["files_ok"]), "bool", "1", purge["files_ok"]),
    ]
