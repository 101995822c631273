"""The Art. 15 cover document of an access export of CallNex's own data, generated from the registers.

Art. 15(1)(a)-(h) and 15(2): purposes and legal bases, categories of data, recipients, retention,
the person's rights, the complaint right, the source, automated decisions and transfer safeguards.
Purposes, bases, recipients and transfers come from the processing register (approved controller
activities touching CallNex's own data categories); periods from the retention schedule; the
organisation and supervisory authority from the organisation profile. Nothing here is typed twice.
"""

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from callnex_compliance.platform_data.models import OrganisationProfile
from legal_basis.models import ProcessingActivity
from legal_basis.selectors import record_activities, retention_of, retention_policies, transfers_of
from retention.models import DataCategory

from .models import RightsRequest

OWN_CATEGORIES = (DataCategory.CUSTOMER_ACCOUNTS, DataCategory.BILLING_RECORDS, DataCategory.SUPPORT_TICKETS)


def _activities():
    return (
        record_activities(role=ProcessingActivity.Role.CONTROLLER)
        .filter(personal_data_categories__retention_category__in=OWN_CATEGORIES)
        .distinct()
        .order_by("name")
    )


def access_cover_context(*, rights_request: RightsRequest, counts: dict[str, int]) -> dict:
    """Return what the cover document says, per approved controller activity and per retention category."""
    policies = retention_policies()
    activities = [
        {
            "name": activity.name,
            "purpose": activity.purpose,
            "legal_bases": [
                f"{basis.get_basis_display()}" + (f" — {basis.justification}" if basis.justification else "")
                for basis in activity.legal_bases.all()
            ],
            "data_categories": [c.name for c in activity.personal_data_categories.all()],
            "recipients": [r.name for r in activity.recipient_categories.all()],
            "subprocessors": [f"{s.public_name} ({s.legal_name}), {s.purpose}" for s in activity.subprocessors.all()],
            "transfers": [str(transfer) for transfer in transfers_of(activity)],
            "retention": [str(entry) for entry in retention_of(activity, policies)],
        }
        for activity in _activities()
    ]
    schedule = [
        f"{policies[c].get_category_display()}: {policies[c].period_display} from "
        f"{policies[c].get_anchor_display().lower()}"
        for c in OWN_CATEGORIES
        if c in policies
    ]
    return {
        "request": rights_request,
        "organisation": OrganisationProfile.get_solo(),
        "generated_at": timezone.now(),
        "counts": counts,
        "activities": activities,
        "schedule": schedule,
    }


def access_cover_render(*, rights_request: RightsRequest, counts: dict[str, int]) -> str:
    """Return the plain-language cover document (text) of an own-data access export, in the request's language."""
    context = access_cover_context(rights_request=rights_request, counts=counts)
    with translation.override(rights_request.language):
        return render_to_string("rights_requests/access_cover.txt", context)


def own_data_recipients() -> list[str]:
    """Return the recipients and sub-processors that receive CallNex's own data, from the register (Art. 19)."""
    names: set[str] = set()
    for activity in _activities():
        names.update(r.name for r in activity.recipient_categories.all())
        names.update(s.public_name for s in activity.subprocessors.all())
    return sorted(names)


def processing_facts_render(*, customer) -> str:
    """Return the register facts of the processing done for `customer`, for its own Art. 15 answer."""
    policies = retention_policies()
    activities = (
        record_activities(role=ProcessingActivity.Role.PROCESSOR)
        .filter(Q(all_customers=True) | Q(customers=customer))
        .distinct()
        .order_by("name")
    )
    lines = [
        f"Processing carried out by {OrganisationProfile.get_solo().legal_name} for {customer.name} (Art. 28)",
        "As the controller you answer the person; these facts from our register may help (Art. 15(1), 28(3)(e)).",
        "",
    ]
    for activity in activities:
        lines += [
            f"* {activity.name}",
            f"  Purpose: {activity.purpose}",
            f"  Categories of data: {', '.join(c.name for c in activity.personal_data_categories.all()) or '-'}",
            f"  Sub-processors: {'; '.join(s.public_name for s in activity.subprocessors.all()) or 'none'}",
            f"  Transfers outside the EEA: {'; '.join(str(t) for t in transfers_of(activity)) or 'none'}",
            f"  Retention: {'; '.join(str(e) for e in retention_of(activity, policies)) or '-'}",
            "",
        ]
    if not activities:
        lines.append("No approved processor activity in the register names this customer yet.")
    return "\n".join(lines) + "\n"
