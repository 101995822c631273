"""Benchmarks run by `make bench` against PostgreSQL; each module `bench_*.py` exposes `run()`."""
