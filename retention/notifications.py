"""Emails to the data protection contact about the purge: counts and links only, never row content."""

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from callnex_compliance import roles
from callnex_compliance.platform_data.models import OrganisationProfile

from .models import PurgeRun


def dpc_recipients() -> list[str]:
    """Return the organisation's data protection address and the active data protection contacts."""
    addresses = [OrganisationProfile.get_solo().contact_email]
    addresses += (
        get_user_model()
        .objects.filter(groups__name=roles.DATA_PROTECTION_CONTACT, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return list(dict.fromkeys(address.lower() for address in addresses if address))


def _send(template: str, subject: str, context: dict) -> int:
    from django.conf import settings

    profile = OrganisationProfile.get_solo()
    context = {**context, "profile": profile, "site_url": settings.SITE_URL}
    body = render_to_string(f"retention/emails/{template}.txt", context)
    return send_mail(f"[{profile.legal_name}] {subject}", body, None, dpc_recipients())


def purge_failure_notify(*, run: PurgeRun) -> int:
    """Email the data protection contact that a purge run failed; return the number of emails sent."""
    return _send(
        "purge_failed",
        f"Retention purge #{run.pk} failed",
        {
            "run": run,
            "results": run.results.filter(errors__gt=0).order_by("category"),
            "run_path": reverse("admin:retention_purgerun_change", args=[run.pk]),
        },
    )


def purge_overdue_notify(*, last_success: PurgeRun | None, hours: int) -> int:
    """Email the data protection contact that no purge succeeded in the last `hours` hours."""
    return _send(
        "purge_overdue",
        f"No successful retention purge in the last {hours} hours",
        {"last_success": last_success, "hours": hours, "runs_path": reverse("admin:retention_purgerun_changelist")},
    )
