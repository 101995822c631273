"""Purgers of the personal data a breach collects, stored by the breaches app (anchored on the incident's closure)."""

from ..models import DataCategory
from .purgers import ServicePurger


class BreachPeopleListPurger(ServicePurger):
    category = DataCategory.BREACH_PEOPLE_LISTS
    service = "breaches.services.affected_people_purge"
    cutoff_argument = "closed_before"
    counted_as = "deleted"


class BreachNoticePurger(ServicePurger):
    category = DataCategory.BREACH_NOTICES
    service = "breaches.services.customer_notices_redact"
    cutoff_argument = "closed_before"
    counted_as = "anonymised"
