"""The sections of the evidence pack: a list of builders that other apps can extend.

A section names the app it needs; it is left out (and the index says so) when that app is not
installed. An app adds its own section with `register_section()` in its `AppConfig.ready()`, or the
builder can be named here by its dotted path, imported only when the pack is built. Builders write
counts, register entries and pseudonyms, never a data subject's name, address or number.
"""

import datetime as dt
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Prefetch
from django.template.loader import render_to_string
from django.utils.module_loading import import_string

from .writer import PackWriter


@dataclass(frozen=True)
class PackContext:
    """What every builder may read: the period (Brussels days, inclusive), the language and the time."""

    start: dt.date
    end: dt.date
    language: str
    now: dt.datetime

    @property
    def since(self) -> dt.datetime:
        from rights_requests.deadlines import BRUSSELS

        return dt.datetime.combine(self.start, dt.time.min, tzinfo=BRUSSELS)

    @property
    def until(self) -> dt.datetime:
        from rights_requests.deadlines import BRUSSELS

        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=BRUSSELS)

    def pseudonym(self, value: str) -> str:
        """Return a keyed hash of `value`: the same address always gives the same pseudonym, never the address."""
        if not value:
            return ""
        key = hmac.new(settings.SECRET_KEY.encode(), b"evidence-pack-pseudonym", hashlib.sha256).digest()
        return "pseud-" + hmac.new(key, value.strip().lower().encode(), hashlib.sha256).hexdigest()[:20]


Builder = Callable[[PackContext, PackWriter], None]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    builder: Builder | str  # a callable, or the dotted path of one (imported when the pack is built)
    app: str | None = None  # the app it needs; the section is skipped when it is not installed

    @property
    def available(self) -> bool:
        return self.app is None or apps.is_installed(self.app)

    def build(self, ctx: PackContext, writer: PackWriter) -> None:
        builder = import_string(self.builder) if isinstance(self.builder, str) else self.builder
        builder(ctx, writer)


def _organisation(ctx: PackContext, writer: PackWriter) -> None:
    from callnex_compliance.platform_data.models import OrganisationProfile

    profile = OrganisationProfile.get_solo()
    fields = [f.name for f in profile._meta.concrete_fields if f.name not in ("id", "updated_at")]
    writer.write_json(
        "organisation/profile.json", "Organisation profile", {name: getattr(profile, name) for name in fields}
    )


def _records(ctx: PackContext, writer: PackWriter) -> None:
    # Printable HTML (what the PDF export renders), JSON and CSV. The records' PDFs are left to
    # `export_ropa --format pdf` and the admin: laying out a large register as PDF takes longer than the
    # pack's whole budget, and the same content is here in three formats.
    from legal_basis.ropa import CONTROLLER, PROCESSOR, build_record, render_csv, render_html, render_json

    for kind, label in ((CONTROLLER, "Art. 30(1) controller record"), (PROCESSOR, "Art. 30(2) processor record")):
        record = build_record(kind=kind, language=ctx.language, now=ctx.now)
        writer.write(f"records/art30-{kind}.html", f"{label} (printable HTML)", render_html([record]))
        writer.write(f"records/art30-{kind}.json", f"{label} (JSON)", render_json(record))
        writer.write(f"records/art30-{kind}.csv", f"{label} (CSV)", render_csv(record))


def _screening(activity) -> dict:
    from legal_basis.models import EDPB_CRITERIA

    screening = getattr(activity, "screening", None)
    if screening is None:
        return {"activity": activity.name, "screening": None}
    return {
        "activity": activity.name,
        "role": activity.role,
        "status": activity.status,
        "criteria": {name: getattr(screening, name) for name, _ in EDPB_CRITERIA},
        "criteria_met": screening.criteria_met,
        "cases_requiring_a_dpia": screening.mandatory_labels,
        "judgement": screening.get_judgement_display(),
        "judgement_reasons": screening.judgement_reasons,
        "verdict": screening.verdict if not activity.is_processor else "The DPIA is the customer's (Art. 28(3)(f)).",
        "screened_at": screening.screened_at,
    }


def _dpia(dpia) -> dict:
    return {
        "activity": dpia.activity.name,
        "reference": dpia.reference,
        "conclusion": dpia.conclusion,
        "residual_risk": dpia.get_residual_risk_display(),
        "prior_consultation": {
            "reference": dpia.prior_consultation_reference,
            "date": dpia.prior_consultation_on,
            "authority_answer": dpia.authority_answer,
            "outcome": dpia.get_prior_consultation_outcome_display(),
        },
        "signed_off_at": dpia.signed_off_at,
    }


def _dpias(ctx: PackContext, writer: PackWriter) -> None:
    from callnex_compliance.platform_data.models import OrganisationProfile
    from legal_basis.assistance import render_assistance_pack
    from legal_basis.models import Dpia, ProcessingActivity
    from legal_basis.selectors import in_force, retention_policies, with_record_details

    activities = ProcessingActivity.objects.select_related("screening").order_by("name")
    writer.write_json_items(
        "dpia/screenings.json", "DPIA screenings of every activity", (_screening(a) for a in activities.iterator(500))
    )
    dpias = Dpia.objects.select_related("activity").order_by("activity__name")
    writer.write_json_items("dpia/dpias.json", "DPIAs (Art. 35) and prior consultations (Art. 36)",
                            (_dpia(d) for d in dpias.iterator(500)))  # fmt: skip
    processors = in_force(ProcessingActivity.objects.filter(role=ProcessingActivity.Role.PROCESSOR)).order_by("pk")
    organisation, policies = OrganisationProfile.get_solo(), retention_policies()
    for activity in with_record_details(processors):
        writer.write(
            f"dpia/assistance/activity-{activity.pk}.html",
            f"Art. 28(3)(f) DPIA assistance pack: {activity.name}",
            render_assistance_pack(activity, loaded=True, organisation=organisation, policies=policies),
        )


def _subprocessors(ctx: PackContext, writer: PackWriter) -> None:
    from subprocessors.models import NoticeDelivery, Subprocessor, SubprocessorChange

    fields = ("public_name", "legal_name", "service", "purpose", "data_categories", "transfer_safeguard",
              "safeguard_reference", "status", "effective_from", "dpa_signed_on", "announced_at", "activated_at",
              "retired_at")  # fmt: skip
    writer.write_json_items(
        "subprocessors/register.json",
        "Sub-processor register",
        ({**{f: getattr(s, f) for f in fields}, "locations": [str(c) for c in s.locations]}
         for s in Subprocessor.objects.order_by("public_name").iterator(500)),
    )  # fmt: skip
    deliveries = NoticeDelivery.objects.select_related("subscription").only(
        "change_id", "status", "attempts", "created_at", "sent_at", "last_error", "subscription__email",
        "subscription__organisation",
    ).order_by("created_at", "pk")  # fmt: skip

    def changes():
        for change in (
            SubprocessorChange.objects.select_related("subprocessor")
            .prefetch_related(Prefetch("deliveries", queryset=deliveries))
            .order_by("announced_at", "pk")
            .iterator(100)
        ):
            yield {
                "subprocessor": change.subprocessor.public_name,
                "kind": change.kind,
                "summary": change.summary,
                "announced_at": change.announced_at,
                "effective_from": change.effective_from,
                "applied_at": change.applied_at,
                "withdrawn_at": change.withdrawn_at,
                "notice": {"subject": change.notice_subject, "text": change.notice_text},
                "deliveries": [
                    {
                        "recipient": ctx.pseudonym(d.subscription.email),
                        "organisation": d.subscription.organisation,
                        "status": d.status,
                        "attempts": d.attempts,
                        "queued_at": d.created_at,
                        "sent_at": d.sent_at,
                        "error_type": d.last_error,
                    }
                    for d in change.deliveries.all()
                ],
            }

    writer.write_json_items(
        "subprocessors/notices.json", "Every change notice with its delivery proofs (recipients pseudonymised)",
        changes(),
    )  # fmt: skip


def _retention(ctx: PackContext, writer: PackWriter) -> None:
    from retention.models import CampaignRetentionOverride, LegalHold, PurgeRun, RetentionPolicy

    writer.write_json_items(
        "retention/schedule.json",
        "Retention schedule",
        ({"category": p.get_category_display(), "role": p.role, "period": p.period_display,
          "anchor": p.get_anchor_display(), "action": p.action, "justification": p.justification}
         for p in RetentionPolicy.objects.order_by("category")),
    )  # fmt: skip
    writer.write_json_items(
        "retention/overrides.json",
        "Shorter windows set by customers per campaign",
        ({"customer": o.campaign.customer.name, "campaign_id": o.campaign_id, "category": o.category,
          "days": o.days, "requested_by": ctx.pseudonym(o.requested_by), "created_at": o.created_at}
         for o in CampaignRetentionOverride.objects.select_related("campaign__customer").order_by("pk").iterator(500)),
    )  # fmt: skip
    writer.write_json_items(
        "retention/legal_holds.json",
        "Legal holds (active, or placed or released in the period)",
        ({"reference": h.reference, "scope": h.scope, "target_id": h.target_id, "reason": h.reason,
          "placed_at": h.placed_at, "released_at": h.released_at}
         for h in LegalHold.objects.order_by("placed_at", "pk").iterator(500)),
    )  # fmt: skip
    runs = (
        PurgeRun.objects.filter(started_at__gte=ctx.since, started_at__lt=ctx.until)
        .prefetch_related("results")
        .order_by("started_at", "pk")
    )
    writer.write_json_items(
        "retention/purge_runs.json",
        "Every purge run of the period (counts only)",
        ({"run": r.pk, "status": r.status, "trigger": r.trigger, "only_category": r.only_category,
          "started_at": r.started_at, "ended_at": r.ended_at, "batches": r.batches, "files_deleted": r.files_deleted,
          "results": [{"category": x.category, "deleted": x.deleted, "anonymised": x.anonymised,
                       "kept_by_hold": x.kept_by_hold, "errors": x.errors, "note": x.note} for x in r.results.all()]}
         for r in runs.iterator(200)),
    )  # fmt: skip


def _rights_requests(ctx: PackContext, writer: PackWriter) -> None:
    from rights_requests.statistics import period_statistics

    total, months = period_statistics(start=ctx.start, end=ctx.end)
    writer.write_json(
        "rights_requests/statistics.json",
        "Rights-request statistics (no personal data)",
        {"period": total.as_dict(), "months": [m.as_dict() for m in months]},
    )
    html = render_to_string("evidence_packs/statistics.html", {"total_rows": [total], "months": months})
    writer.write("rights_requests/statistics.html", "Rights-request statistics (table)", html)


def _security_measures(ctx: PackContext, writer: PackWriter) -> None:
    from legal_basis.models import SecurityMeasure

    writer.write_json_items(
        "security/measures.json",
        "Technical and organisational security measures (Art. 32)",
        ({"name": m.name, "kind": m.get_kind_display(), "description": m.description,
          "activities": m.activity_count} for m in SecurityMeasure.objects.annotate(
             activity_count=Count("activities")).order_by("name")),
    )  # fmt: skip


SECTIONS: list[Section] = [
    Section("organisation", "Organisation profile", _organisation),
    Section("records", "Records of processing activities (Art. 30)", _records, app="legal_basis"),
    Section("dpia", "DPIA screenings, DPIAs and assistance packs (Art. 35, 36, 28(3)(f))", _dpias, app="legal_basis"),
    Section("subprocessors", "Sub-processors, notices and delivery proofs (Art. 28(2), (4))", _subprocessors,
            app="subprocessors"),
    Section("retention", "Retention schedule, overrides, legal holds and purge runs (Art. 5(1)(e))", _retention,
            app="retention"),
    Section("rights_requests", "Rights-request statistics (Art. 12–22)", _rights_requests, app="rights_requests"),
    Section("breaches", "Personal-data breach register (Art. 33(5))", "breaches.evidence.breach_register_section",
            app="breaches"),
    Section("security", "Security measures (Art. 32)", _security_measures, app="legal_basis"),
]  # fmt: skip


def register_section(section: Section, *, before: str | None = None) -> None:
    """Add (or replace, by key) a section of the pack; call it from an app's `AppConfig.ready()`."""
    SECTIONS[:] = [s for s in SECTIONS if s.key != section.key]
    keys = [s.key for s in SECTIONS]
    SECTIONS.insert(keys.index(before) if before in keys else len(SECTIONS), section)
