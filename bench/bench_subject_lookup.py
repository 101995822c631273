"""Find everything about one data subject, by email and by phone, among a million call records."""

from bench.dataset import ensure_calls
from bench.report import Figure, median_ms
from callnex_compliance.platform_data.selectors import (
    calls_matching,
    contacts_matching,
    recordings_matching,
    transcripts_matching,
)

TARGET_MS = 50.0


def _footprint(**identifier) -> tuple:
    return (
        list(contacts_matching(**identifier).values_list("pk", flat=True)),
        list(calls_matching(**identifier).values_list("pk", flat=True)),
        recordings_matching(**identifier).count(),
        transcripts_matching(**identifier).count(),
    )


def run(*, scale: float) -> list[Figure]:
    calls = max(int(1_000_000 * scale), 1000)
    ensure_calls(calls=calls)
    subject = calls // 4  # a contact in the middle of the table
    email = f"BENCH{subject}@example.be"
    phone = f"+3247{subject:07d}"
    found = _footprint(email=email)
    assert found[0] and len(found[1]) == 2, "the bench subject must exist"
    figures = []
    for label, identifier in (("by email", {"email": email}), ("by phone", {"phone": phone})):
        ms = median_ms(lambda identifier=identifier: _footprint(**identifier))
        figures.append(
            Figure(
                "subject lookup", f"median {label}, {calls:,} calls", ms, "ms", f"< {TARGET_MS:.0f} ms", ms < TARGET_MS
            )
        )
    plan = calls_matching(phone=phone).values("pk").explain()
    uses_index = "Index" in plan and "Seq Scan" not in plan
    figures.append(Figure("subject lookup", "EXPLAIN uses index scans", float(uses_index), "bool", "1", uses_index))
    return figures
