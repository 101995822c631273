"""The Art. 28(3)(f) DPIA assistance pack of a processor activity, for the customers (controllers).

For processor activities the DPIA is the customer's; what we owe is the information it needs: what the
processing does, the Art. 32 measures, the sub-processors and transfers, the deletion periods, and our
own screening as a pointer to the criteria that may apply.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from callnex_compliance.platform_data.models import OrganisationProfile

from .models import ProcessingActivity
from .selectors import retention_of, retention_policies, transfers_of, with_record_details


def assistance_pack(activity: ProcessingActivity, *, loaded: bool = False, organisation=None, policies=None) -> dict:
    """Return the content of the assistance pack of a processor activity.

    Pass `loaded=True` for an activity from `with_record_details()` (and the organisation and retention
    policies when rendering many) so that a run of packs costs no query per activity.
    """
    if not loaded:
        activity = with_record_details(ProcessingActivity.objects.filter(pk=activity.pk)).get()
    screening = getattr(activity, "screening", None)
    policies = retention_policies() if policies is None else policies
    return {
        "activity": activity,
        "organisation": organisation or OrganisationProfile.get_solo(),
        "generated_at": timezone.now(),
        "data_subjects": [str(c) for c in activity.data_subject_categories.all()],
        "data_categories": [str(c) for c in activity.personal_data_categories.all()],
        "measures": list(activity.security_measures.all()),
        "subprocessors": list(activity.subprocessors.all()),
        "transfers": [str(t) for t in transfers_of(activity)],
        "retention": [str(e) for e in retention_of(activity, policies)],
        "criteria": screening.criteria_labels if screening is not None and screening.is_complete else [],
        "mandatory": screening.mandatory_labels if screening is not None else [],
    }


def render_assistance_pack(activity: ProcessingActivity, **options) -> str:
    """Return the assistance pack as a printable HTML page (`options` as for `assistance_pack()`)."""
    return render_to_string("legal_basis/assistance_pack.html", assistance_pack(activity, **options))
