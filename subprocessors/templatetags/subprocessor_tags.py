"""Template filters for the public sub-processor page and emails."""

from django import template

from subprocessors.eea import is_in_eea

register = template.Library()


@register.filter
def country_names(countries) -> str:
    """Return the countries' names in the active language, comma-separated."""
    return ", ".join(country.name for country in countries or [])


@register.filter
def in_eea(country) -> bool:
    return is_in_eea(country.code)
