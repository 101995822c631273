"""The staff roles, as data: which permissions each Django group holds.

`roles_sync()` makes the groups match this table exactly (idempotent, removes stale grants), so a new
model's permissions reach the roles by running `manage.py setup_roles` after `migrate`.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction

DATA_PROTECTION_CONTACT = "Data protection contact"
REQUEST_HANDLER = "Request handler"
AUDITOR = "Auditor"

COMPLIANCE_APPS = (
    "rights_requests",
    "legal_basis",
    "retention",
    "subprocessors",
    "evidence_packs",
    "breaches",
    "gdpr_page",
    "mail_intake",
)
GOVERNED_APPS = ("platform_data",)
# Apps whose rows the auditor may read; tokens and sessions stay out of everyone's reach.
AUDITABLE_APPS = (*COMPLIANCE_APPS, *GOVERNED_APPS, "auth", "django_q")
# Decisions reserved to the data protection contact even inside apps others may work in.
DPC_ONLY_CODENAMES = frozenset(
    {"approve_erasure", "lift_suppressionentry", "assess_incident", "notify_incident", "publish_pageversion"}
)
# Permissions of machine accounts, never of a person's role (the platform's customer-API service account).
SERVICE_ONLY_CODENAMES = frozenset({"act_for_customers"})
# Permissions no role holds: a suppression is lifted with a reason (`lift_suppressionentry`), never deleted.
NOBODY_CODENAMES = frozenset({"delete_suppressionentry"})


@dataclass(frozen=True)
class Grant:
    """Permissions on the models of one app: `actions` are codename prefixes, `None` means all."""

    app_label: str
    actions: tuple[str, ...] | None = None
    models: tuple[str, ...] | None = None
    exclude: frozenset[str] = frozenset()


ROLES: dict[str, tuple[Grant, ...]] = {
    DATA_PROTECTION_CONTACT: (
        *(Grant(app, exclude=SERVICE_ONLY_CODENAMES | NOBODY_CODENAMES) for app in COMPLIANCE_APPS),
        Grant("platform_data", actions=("view",)),
        Grant("platform_data", actions=("change",), models=("organisationprofile",)),
        Grant("django_q", actions=("view",)),
    ),
    REQUEST_HANDLER: (
        Grant("rights_requests", exclude=DPC_ONLY_CODENAMES | SERVICE_ONLY_CODENAMES | NOBODY_CODENAMES),
        # The mailbox: handlers sort triage and work inquiries; the subject patterns are the DPC's to edit.
        Grant("mail_intake", actions=("view", "change"), models=("inboundmessage", "inquiry")),
        Grant("mail_intake", actions=("view",), models=("subjectpattern", "messageattachment")),
        *(Grant(app, actions=("view",)) for app in ("legal_basis", "retention", "subprocessors", "gdpr_page")),
        Grant("platform_data", actions=("view",)),
        # Breaches: read the register and add timeline notes; assessing and notifying stay with the DPC.
        Grant("breaches", actions=("view",)),
        Grant("breaches", actions=("add",), models=("incidentevent",)),
    ),
    AUDITOR: tuple(Grant(app, actions=("view",)) for app in AUDITABLE_APPS),
}


def _permissions_for(grant: Grant) -> list[Permission]:
    permissions = Permission.objects.filter(content_type__app_label=grant.app_label).select_related("content_type")
    if grant.models is not None:
        permissions = permissions.filter(content_type__model__in=grant.models)
    return [
        permission
        for permission in permissions
        if permission.codename not in grant.exclude
        and (grant.actions is None or permission.codename.split("_", 1)[0] in grant.actions)
    ]


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Create or update every role group to hold exactly its permissions; return counts per role."""
    counts = {}
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = {permission for grant in grants for permission in _permissions_for(grant)}
        group.permissions.set(permissions)
        counts[name] = len(permissions)
    return counts
