"""The records of processing activities (Art. 30(1) controller, Art. 30(2) processor) and their exports.

`build_record()` turns the register into one `Record`: the organisation header and, per activity, every
field labelled with the article (letter) it fulfils. CSV, JSON and HTML render that one structure, so
the three formats cannot disagree. Only the activities in force are in the record unless ids are given:
approved ones, including those under their periodic review.
"""

import datetime as dt
import io
import json
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone

from callnex_compliance import csv_safe
from callnex_compliance.platform_data.models import OrganisationProfile

from .models import ProcessingActivity
from .ropa_i18n import LANGUAGES, translate
from .selectors import (
    controllers_of,
    current_customers,
    record_activities,
    retention_of,
    retention_policies,
    transfers_of,
)

CONTROLLER, PROCESSOR = ProcessingActivity.Role.CONTROLLER, ProcessingActivity.Role.PROCESSOR
FORMATS = ("csv", "json", "html", "pdf")
NO_REPRESENTATIVE = "Not required: established in the EU (Art. 27)"
Value = str | list[str]


@dataclass(frozen=True)
class Column:
    key: str
    article: str
    label: str

    @property
    def heading(self) -> str:
        return f"{self.article} {self.label}"


@dataclass
class Record:
    """One Art. 30 record: organisation header fields, activity columns and one row per activity."""

    kind: str
    title: str
    article: str
    generated_at: dt.datetime
    organisation: list[tuple[Column, str]]
    columns: list[Column]
    rows: list[dict[str, Value]] = field(default_factory=list)
    language: str = "en"

    @property
    def strings(self) -> dict[str, str]:
        """Return the page's fixed words in the record's language, for the template."""
        words = ("Organisation", "generated", "activities", "No activities in force in this record.")
        return {word.split(" ")[0].lower(): translate(word, self.language) for word in words}

    def labelled_rows(self) -> list[list[tuple[Column, Value]]]:
        return [[(column, row[column.key]) for column in self.columns] for row in self.rows]

    def display_rows(self) -> list[dict]:
        """Return each activity as a title and (column, list of lines) pairs, for the HTML page."""
        return [
            {
                "title": row["activity"],
                "fields": [(c, row[c.key] if isinstance(row[c.key], list) else [row[c.key]]) for c in self.columns],
            }
            for row in self.rows
        ]


def _organisation(kind: str, profile: OrganisationProfile) -> list[tuple[Column, str]]:
    letter = "Art. 30(1)(a)" if kind == CONTROLLER else "Art. 30(2)(a)"
    who = "Controller" if kind == CONTROLLER else "Processor"
    return [
        (Column("organisation_name", letter, f"{who} name"), profile.legal_name),
        (Column("organisation_address", letter, f"{who} address"), profile.address),
        (
            Column("organisation_contact", letter, f"{who} contact"),
            f"{profile.contact_email} (subject: {profile.data_protection_subject})",
        ),
        (
            Column("data_protection_contact", letter, "Data protection officer / contact"),
            profile.data_protection_contact,
        ),
        (Column("representative", letter, "Representative"), NO_REPRESENTATIVE),
        (Column("supervisory_authority", "Art. 30(4)", "Supervisory authority"), profile.supervisory_authority_name),
    ]


CONTROLLER_COLUMNS = [
    Column("activity", "Art. 30(1)(b)", "Processing activity"),
    Column("purposes", "Art. 30(1)(b)", "Purposes of the processing"),
    Column("legal_basis", "Art. 6(1) / Art. 5(2)", "Legal basis"),
    Column("legitimate_interests_assessment", "Art. 6(1)(f)", "Legitimate-interests assessment"),
    Column("consent_mechanism", "Art. 7", "How consent is collected and withdrawn"),
    Column("data_subject_categories", "Art. 30(1)(c)", "Categories of data subjects"),
    Column("personal_data_categories", "Art. 30(1)(c)", "Categories of personal data"),
    Column("special_categories", "Art. 30(1)(c) / Art. 9(2)", "Special categories and Art. 9(2) condition"),
    Column("recipients", "Art. 30(1)(d)", "Categories of recipients, incl. in third countries"),
    Column("transfers", "Art. 30(1)(e)", "Transfers to third countries and their safeguards"),
    Column("erasure_time_limits", "Art. 30(1)(f)", "Time limits for erasure"),
    Column("security_measures", "Art. 30(1)(g)", "Technical and organisational security measures (Art. 32)"),
    Column("dpia", "Art. 35", "DPIA screening and assessment"),
    Column("accountability", "Art. 5(2)", "Owner, approval and next review"),
]
PROCESSOR_COLUMNS = [
    Column("controllers", "Art. 30(2)(a)", "Controllers on whose behalf we act, and their contacts"),
    Column("activity", "Art. 30(2)(b)", "Processing activity"),
    Column("categories_of_processing", "Art. 30(2)(b)", "Categories of processing carried out for each controller"),
    Column("personal_data_categories", "Art. 30(2)(b)", "Categories of personal data processed"),
    Column("subprocessors", "Art. 28(2) / 28(4)", "Sub-processors engaged"),
    Column("transfers", "Art. 30(2)(c)", "Transfers to third countries and their safeguards"),
    Column("security_measures", "Art. 30(2)(d)", "Technical and organisational security measures (Art. 32)"),
    Column("erasure_time_limits", "Art. 28(3)(g)", "Deletion periods (customers may set shorter ones)"),
    Column("dpia", "Art. 35", "DPIA screening and assessment"),
    Column("accountability", "Art. 5(2)", "Owner, approval and next review"),
]


def _names(items) -> list[str]:
    return [str(item) for item in items]


def _security(activity: ProcessingActivity) -> list[str]:
    return [f"{measure.name}: {measure.description}" if measure.description else measure.name
            for measure in activity.security_measures.all()]  # fmt: skip


def _transfers(activity: ProcessingActivity) -> list[str]:
    return _names(transfers_of(activity)) or ["None: all processing takes place in the EEA"]


def _dpia(activity: ProcessingActivity) -> str:
    screening = getattr(activity, "screening", None)
    if screening is None or not screening.is_complete:
        return "Screening not completed"
    if activity.is_processor:
        return (
            f"Screened: {screening.criteria_met} of 9 EDPB criteria met. The DPIA is each customer's (controller's); "
            "CallNex supplies the Art. 28(3)(f) assistance pack."
        )
    text = f"Screened: {screening.verdict}"
    dpia = getattr(activity, "dpia", None)
    if dpia is not None and dpia.reference:
        risk = dpia.get_residual_risk_display().lower() or "not assessed"
        text += f"; DPIA {dpia.reference}, residual risk {risk}"
        if dpia.signed_off_at:
            text += f", signed off {timezone.localdate(dpia.signed_off_at):%Y-%m-%d}"
        if dpia.prior_consultation_on:
            text += (
                f"; prior consultation {dpia.prior_consultation_on:%Y-%m-%d}: "
                f"{dpia.get_prior_consultation_outcome_display().lower() or 'outcome pending'}"
            )
    return text


def _accountability(activity: ProcessingActivity) -> str:
    parts = [f"Owner: {activity.owner.get_full_name() or activity.owner.get_username()}"]
    parts.append(f"Status: {activity.get_status_display()}")
    if activity.approved_at:
        parts.append(f"approved {timezone.localdate(activity.approved_at):%Y-%m-%d}")
    if activity.next_review_on:
        parts.append(f"next review {activity.next_review_on:%Y-%m-%d}")
    return "; ".join(parts)


def _data_categories(activity: ProcessingActivity) -> list[str]:
    return [f"{c.name} (special category)" if c.is_special_category else c.name
            for c in activity.personal_data_categories.all()]  # fmt: skip


def _controller_row(activity: ProcessingActivity, policies) -> dict[str, Value]:
    special = activity.special_categories or any(c.is_special_category for c in activity.personal_data_categories.all())
    recipients = _names(activity.recipient_categories.all()) + [
        f"Sub-processor {s.public_name} ({s.service}; {', '.join(c.name for c in s.locations)})"
        for s in activity.subprocessors.all()
    ]
    return {
        "activity": activity.name,
        "purposes": activity.purpose,
        "legal_basis": [
            f"{row.get_basis_display()}" + (f" — {row.justification}" if row.justification else "")
            for row in activity.legal_bases.all()
        ],
        "legitimate_interests_assessment": activity.legitimate_interests_assessment or "Not applicable",
        "consent_mechanism": activity.consent_mechanism or "Not applicable",
        "data_subject_categories": _names(activity.data_subject_categories.all()),
        "personal_data_categories": _data_categories(activity),
        "special_categories": (activity.get_art9_condition_display() or "Yes, condition missing") if special else "No",
        "recipients": recipients or ["None outside CallNex"],
        "transfers": _transfers(activity),
        "erasure_time_limits": _names(retention_of(activity, policies)),
        "security_measures": _security(activity),
        "dpia": _dpia(activity),
        "accountability": _accountability(activity),
    }


def _processor_row(activity: ProcessingActivity, policies, current) -> dict[str, Value]:
    controllers = [
        f"{customer.name} ({customer.contact_email})" if customer.contact_email else customer.name
        for customer in controllers_of(activity, current)
    ]
    processing = activity.purpose + (f" {activity.description}" if activity.description else "")
    return {
        "controllers": controllers,
        "activity": activity.name,
        "categories_of_processing": processing,
        "personal_data_categories": _data_categories(activity),
        "subprocessors": [f"{s.public_name} ({s.legal_name}): {s.service}" for s in activity.subprocessors.all()]
        or ["None"],
        "transfers": _transfers(activity),
        "security_measures": _security(activity),
        "erasure_time_limits": _names(retention_of(activity, policies)),
        "dpia": _dpia(activity),
        "accountability": _accountability(activity),
    }


def _translated(columns, language: str) -> list[Column]:
    return [Column(c.key, c.article, translate(c.label, language)) for c in columns]


def build_record(*, kind: str, ids=None, now: dt.datetime | None = None, language: str = "en") -> Record:
    """Return the Art. 30 record of `kind` (controller or processor) over the activities in force.

    `language` (en, nl or fr) sets the headings; the register's content stays as written.
    """
    if kind not in (CONTROLLER, PROCESSOR):
        raise ValueError(f"Unknown record {kind!r}: choose controller or processor.")
    if language not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}: choose {', '.join(LANGUAGES)}.")
    profile = OrganisationProfile.get_solo()
    policies = retention_policies()
    activities = record_activities(role=kind, ids=ids)
    if kind == CONTROLLER:
        rows = [_controller_row(activity, policies) for activity in activities]
        title, article, columns = "Record of processing activities — controller", "Art. 30(1) GDPR", CONTROLLER_COLUMNS
    else:
        current = current_customers()
        rows = [_processor_row(activity, policies, current) for activity in activities]
        title, article, columns = "Record of processing activities — processor", "Art. 30(2) GDPR", PROCESSOR_COLUMNS
    organisation = [(_translated([c], language)[0], value) for c, value in _organisation(kind, profile)]
    return Record(
        kind,
        translate(title, language),
        translate(article, language),
        now or timezone.now(),
        organisation,
        _translated(columns, language),
        rows,
        language,
    )


def render_csv(record: Record) -> str:
    """Return one CSV row per activity; the organisation fields repeat so each row stands alone."""
    buffer = io.StringIO()
    writer = csv_safe.writer(buffer)
    columns = [column for column, _ in record.organisation] + record.columns
    writer.writerow([column.heading for column in columns])
    organisation = [value for _, value in record.organisation]
    for row in record.rows:
        values = [row[column.key] for column in record.columns]
        writer.writerow(organisation + ["; ".join(v) if isinstance(v, list) else v for v in values])
    return buffer.getvalue()


def _labelled(column: Column, value: Value) -> dict:
    return {"article": column.article, "label": column.label, "value": value}


def render_json(record: Record) -> str:
    """Return the record as JSON: every value sits beside the article and label it fulfils."""
    data = {
        "record": record.kind,
        "title": record.title,
        "article": record.article,
        "generated_at": record.generated_at.isoformat(),
        "organisation": {column.key: _labelled(column, value) for column, value in record.organisation},
        "activities": [
            {column.key: _labelled(column, value) for column, value in row} for row in record.labelled_rows()
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def render_html(records: list[Record], *, downloads: dict[str, str] | None = None) -> str:
    """Return a printable HTML page of one or more records, with optional download links (label → URL)."""
    context = {"records": records, "organisation": OrganisationProfile.get_solo(), "downloads": downloads or {}}
    return render_to_string("legal_basis/ropa.html", context)


def render_pdf(records: list[Record]) -> bytes:
    """Return one or more records as a PDF document: the same record, laid out as definition lists.

    Lists rather than the screen page's tables: table layout is what makes large PDFs slow to render.
    """
    from callnex_compliance.pdf import html_to_pdf

    return html_to_pdf(render_to_string("legal_basis/ropa_print.html", {"records": records}))


def render(record: Record, fmt: str) -> str | bytes:
    """Return `record` in `fmt` (csv, json, html as text; pdf as bytes)."""
    if fmt == "pdf":
        return render_pdf([record])
    if fmt == "csv":
        return render_csv(record)
    if fmt == "json":
        return render_json(record)
    if fmt == "html":
        return render_html([record])
    raise ValueError(f"Unknown format {fmt!r}: choose csv, json, html or pdf.")
