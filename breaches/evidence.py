"""The breach register's section of the evidence pack (Art. 33(5)): every incident of the period.

An incident belongs to the period when CallNex became aware of it before the period ended and it was
not closed before the period began. The register holds what happened and what was done, never the lists
of affected people (those stay in admin, under their own retention category).
"""

import io

from django.db.models import Q

from .exports import COLUMNS, register_queryset, register_rows, write_register_csv


def breach_register_section(ctx, writer) -> None:
    """Write the period's incidents as CSV (the authority's spreadsheet) and as JSON records."""
    incidents = list(
        register_queryset().filter(Q(closed_at__isnull=True) | Q(closed_at__gte=ctx.since), aware_at__lt=ctx.until)
    )
    stream = io.StringIO()
    write_register_csv(stream, incidents)
    writer.write("breaches/register.csv", "Register of personal-data breaches (CSV)", stream.getvalue())
    writer.write_json_items(
        "breaches/register.json",
        "Register of personal-data breaches",
        (dict(zip(COLUMNS, row, strict=True)) for row in register_rows(incidents)),
    )
