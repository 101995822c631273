"""Writes of the breaches app: `<entity>_<action>(*, ...)` functions holding the business rules."""

from .notifications import (
    affected_person_mark_informed,
    customers_to_notify,
    incident_inform_people,
    incident_notify_customers,
    incident_record_authority_notification,
)
from .register import (
    closing_blockers,
    incident_add_note,
    incident_assess,
    incident_close,
    incident_contain,
    incident_count_scope,
    incident_create,
    incident_set_scope,
    incident_update,
)
from .retention import affected_people_purge, customer_notices_redact

__all__ = [
    "affected_people_purge",
    "affected_person_mark_informed",
    "closing_blockers",
    "customer_notices_redact",
    "customers_to_notify",
    "incident_add_note",
    "incident_assess",
    "incident_close",
    "incident_contain",
    "incident_count_scope",
    "incident_create",
    "incident_inform_people",
    "incident_notify_customers",
    "incident_record_authority_notification",
    "incident_set_scope",
    "incident_update",
]
