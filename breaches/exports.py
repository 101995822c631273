"""The register for the authority (Art. 33(5)): CSV and a printable HTML page."""

from callnex_compliance import csv_safe
from callnex_compliance.display import human_time

from .models import Incident

COLUMNS = [
    "reference", "title", "state", "aware at", "occurred at", "detected at", "authority deadline", "description",
    "cause", "systems", "data categories", "own data", "approx. people (own data)", "approx. records (own data)",
    "people in scope", "records in scope", "customers notified", "likelihood", "severity", "risk outcome",
    "reasons", "Art. 34(3) exception", "authority notified at", "late reason", "consequences", "measures taken",
    "contained at", "closed at", "weak security measures", "corrective actions",
]  # fmt: skip


def _when(moment) -> str:
    return human_time(moment)


def register_rows(incidents) -> list[list]:
    """Return one row per incident, in COLUMNS order."""
    rows = []
    for incident in incidents:
        initial = next((n for n in incident.authority_notifications.all() if n.phase == "initial"), None)
        notified = {
            n.customer_id for n in incident.customer_notices.all() if n.kind == "initial" and n.outcome == "sent"
        }
        records = ", ".join(f"{count} {name}" for name, count in incident.records_in_scope.items())
        rows.append([
            incident.reference, incident.title, incident.get_state_display(), _when(incident.aware_at),
            _when(incident.occurred_at), _when(incident.detected_at), _when(incident.authority_deadline),
            incident.description, incident.cause, incident.systems, incident.get_data_categories_display(),
            "yes" if incident.affects_own_data else "no", incident.approximate_people, incident.approximate_records,
            incident.people_in_scope, records, len(notified), incident.get_likelihood_display(),
            incident.get_severity_display(), incident.get_risk_outcome_display(), incident.risk_reasons,
            incident.get_art34_exception_display() if incident.art34_exception else "",
            _when(initial.submitted_at) if initial else "", initial.late_reason if initial else "",
            incident.consequences, incident.measures_taken, _when(incident.contained_at), _when(incident.closed_at),
            "; ".join(measure.name for measure in incident.weak_measures.all()),
            "; ".join(f"{a.description} (owner {a.owner}, due {a.due_on}{', done' if a.done_on else ''})"
                      for a in incident.corrective_actions.all()),
        ])  # fmt: skip
    return rows


def register_queryset():
    return Incident.objects.prefetch_related(
        "authority_notifications", "customer_notices", "weak_measures", "corrective_actions__owner"
    ).order_by("aware_at")


def write_register_csv(stream, incidents=None) -> None:
    """Write the register as CSV, every cell neutralised against formula injection."""
    writer = csv_safe.writer(stream)
    writer.writerow(COLUMNS)
    for row in register_rows(register_queryset() if incidents is None else incidents):
        writer.writerow(["" if value is None else str(value) for value in row])
