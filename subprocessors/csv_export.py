"""The current sub-processor list as CSV, for customers' vendor questionnaires.

Cells are written formula-safe through the project's one CSV writer (`callnex_compliance.csv_safe`).
"""

import io

from callnex_compliance import csv_safe

from .selectors import public_list

HEADER = [
    "Sub-processor", "Legal entity", "Established in", "Service", "Purpose", "Personal data",
    "Storage locations", "Remote access from", "Outside the EEA", "Transfer safeguard", "Safeguard reference",
]  # fmt: skip


def _names(countries) -> str:
    return "; ".join(country.name for country in countries)


def current_list_csv() -> str:
    """Return the active sub-processors with their public fields as CSV text."""
    buffer = io.StringIO()
    writer = csv_safe.writer(buffer)
    writer.writerow(HEADER)
    for sp in public_list().current:
        row = [
            sp.public_name, sp.legal_name, sp.established_in.name if sp.established_in else "", sp.service,
            sp.purpose, sp.data_categories, _names(sp.locations), _names(sp.remote_access_locations),
            ", ".join(sp.third_country_locations) or "No", sp.get_transfer_safeguard_display(), sp.safeguard_reference,
        ]  # fmt: skip
        writer.writerow([str(cell) for cell in row])
    return buffer.getvalue()
