"""Run the benchmarks against PostgreSQL and print one table of figures.

    python -m bench [--only NAME ...] [--scale 0.1] [--smoke]

DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/callnex_bench, created when missing.
Each `bench/bench_*.py` module exposes `run(*, scale: float) -> list[bench.report.Figure]`.
"""

import argparse
import importlib
import os
import pkgutil
import sys
import time
from pathlib import Path

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/callnex_bench"


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--only", nargs="*", default=None, help="module names, e.g. subject_lookup")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full data size")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="fail only when a benchmark crashes: at a small --scale the targets are printed, not enforced (CI)",
    )
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("EMAIL_CONSOLE_IN_PRODUCTION", "1")  # the purge mails only on failure; no server here
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "callnex_compliance.settings")
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        sys.exit("make bench measures PostgreSQL: set DATABASE_URL=postgres://...")
    _ensure_database(os.environ["DATABASE_URL"])
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)

    from bench.report import print_table

    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))
    if args.only:
        names = [n for n in names if n.removeprefix("bench_") in args.only]
    figures = []
    for name in names:
        started = time.perf_counter()
        print(f"-> {name} ...", flush=True)
        figures.extend(importlib.import_module(f"bench.{name}").run(scale=args.scale))
        print(f"   done in {time.perf_counter() - started:.1f} s", flush=True)
    print_table(figures)
    if args.smoke:
        print("smoke run: every benchmark ran; targets are not enforced at this scale")
        return 0
    return 0 if all(f.ok is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
