"""Filters that render the page's content in the active language."""

from django import template
from django.utils.translation import get_language
from django_countries import countries

from gdpr_page import texts

register = template.Library()


@register.filter
def tr(value: dict) -> str:
    """Return a register text in the active language, falling back to English."""
    language = (get_language() or "en").split("-")[0]
    return value.get(language) or value.get("en") or ""


@register.filter
def label(code, vocabulary: str) -> str:
    """Return the public, translated label of a register code, e.g. `{{ basis|label:"LEGAL_BASES" }}`."""
    return getattr(texts, vocabulary).get(code, code)


@register.filter
def period(policy: dict) -> str:
    """Return a retention period for people, e.g. "30 days", in the active language."""
    value = policy["period_value"]
    return f"{value} {texts.UNITS[(policy['period_unit'], value == 1)]}"


@register.filter
def country_names(codes: list[str]) -> str:
    """Return country names in the active language, comma-separated."""
    return ", ".join(str(countries.name(code)) for code in codes)
