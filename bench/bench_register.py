"""The processing register at a size far beyond CallNex's: checks, exports and their query counts.

Builds `500 * scale` approved activities (bulk inserts, each with two bases, three data categories, two
sub-processors and the security catalogue), then times the cross-register checks the admin dashboard
calls and the two Art. 30 exports, and counts their queries (which must not grow with the register).
"""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.report import Figure, median_ms
from legal_basis.checks import register_findings
from legal_basis.models import ActivityLegalBasis, PersonalDataCategory, ProcessingActivity, SecurityMeasure
from legal_basis.ropa import build_record, render_csv, render_json
from subprocessors.models import Subprocessor

PREFIX = "Bench activity"
CHECKS_TARGET_MS = 500.0  # 500 activities is ~30x CallNex's register; the admin dashboard calls the checks
EXPORT_TARGET_MS = 1000.0


def _subprocessors() -> list[Subprocessor]:
    now = timezone.now()
    found = []
    for name, locations in (("Bench hosting", ["DE"]), ("Bench support", ["IE", "US"])):
        subprocessor, _ = Subprocessor.objects.get_or_create(
            legal_name=f"{name} Ltd", service=name,
            defaults={"public_name": name, "purpose": "Bench", "data_categories": "Bench", "locations": locations,
                      "status": "active", "activated_at": now, "dpa_signed_on": now.date(),
                      "transfer_safeguard": "scc" if "US" in locations else "",
                      "safeguard_reference": "SCCs 2021/914" if "US" in locations else ""},
        )  # fmt: skip
        found.append(subprocessor)
    return found


def _ensure_register(count: int) -> None:
    if ProcessingActivity.objects.filter(name__startswith=PREFIX).count() == count:
        return
    ProcessingActivity.objects.filter(name__startswith=PREFIX).delete()
    owner, _ = get_user_model().objects.get_or_create(username="bench-owner", defaults={"is_staff": True})
    now = timezone.now()
    activities = ProcessingActivity.objects.bulk_create(
        ProcessingActivity(
            name=f"{PREFIX} {i:05d}", purpose="Bench", role="processor" if i % 2 else "controller",
            all_customers=bool(i % 2), owner=owner, status="approved", approved_by=owner, approved_at=now,
            next_review_on=now.date().replace(year=now.year + 1),
        )
        for i in range(count)
    )  # fmt: skip
    controllers = [a for a in activities if a.role == "controller"]
    ActivityLegalBasis.objects.bulk_create(
        ActivityLegalBasis(activity=a, basis=b) for a in controllers for b in ("contract", "legal_obligation")
    )
    categories = [
        PersonalDataCategory.objects.get_or_create(name=f"Bench data {c}", defaults={"retention_category": c})[0]
        for c in ("call_records", "customer_accounts", "support_tickets")
    ]
    measures = list(SecurityMeasure.objects.all())
    through = ProcessingActivity
    through.personal_data_categories.through.objects.bulk_create(
        through.personal_data_categories.through(processingactivity=a, personaldatacategory=c)
        for a in activities for c in categories
    )  # fmt: skip
    through.subprocessors.through.objects.bulk_create(
        through.subprocessors.through(processingactivity=a, subprocessor=s)
        for a in activities
        for s in _subprocessors()
    )
    through.security_measures.through.objects.bulk_create(
        through.security_measures.through(processingactivity=a, securitymeasure=m) for a in activities for m in measures
    )
    # Data subjects stay empty on purpose: every activity then yields a finding, the checks' worst case.
    connection.cursor().execute("ANALYZE")


def _queries(func) -> int:
    with CaptureQueriesContext(connection) as queries:
        func()
    return len(queries)


def run(*, scale: float) -> list[Figure]:
    count = max(int(500 * scale), 20)
    _ensure_register(count)
    checks_ms = median_ms(register_findings, repeat=10, warmup=2)
    findings = len(register_findings())
    controller_ms = median_ms(lambda: render_csv(build_record(kind="controller")), repeat=5, warmup=1)
    processor_ms = median_ms(lambda: render_json(build_record(kind="processor")), repeat=5, warmup=1)
    check_queries = _queries(register_findings)
    export_queries = _queries(lambda: build_record(kind="controller"))
    name = "register"
    return [
        Figure(name, f"checks, {count} activities ({findings} findings)", checks_ms, "ms",
               f"< {CHECKS_TARGET_MS:.0f} ms", checks_ms < CHECKS_TARGET_MS),
        Figure(name, "checks: queries", check_queries, "queries", "<= 6", check_queries <= 6),
        Figure(name, "controller record as CSV", controller_ms, "ms", f"< {EXPORT_TARGET_MS:.0f} ms",
               controller_ms < EXPORT_TARGET_MS),
        Figure(name, "processor record as JSON", processor_ms, "ms", f"< {EXPORT_TARGET_MS:.0f} ms",
               processor_ms < EXPORT_TARGET_MS),
        Figure(name, "controller record: queries", export_queries, "queries", "<= 12", export_queries <= 12),
    ]  # fmt: skip
