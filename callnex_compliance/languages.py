"""The languages CallNex writes to people in: a request or a subscription records one, its letters use it."""

from django.conf import settings
from django.db import models
from django.utils import translation


class Language(models.TextChoices):
    """Dutch, French or English: what a person wrote in, otherwise English (settings.LANGUAGES)."""

    ENGLISH = "en", "English"
    DUTCH = "nl", "Dutch"
    FRENCH = "fr", "French"


def language_of(value: str | None) -> str:
    """Return our language for `value` ("nl-be" -> "nl", "fr" -> "fr"), English for any other or none."""
    try:
        code = translation.get_supported_language_variant(value or "")
    except LookupError:
        return settings.LANGUAGE_CODE
    return code if code in Language.values else settings.LANGUAGE_CODE


def current_language() -> str:
    """Return the active language (the public page's URL prefix) as one of ours."""
    return language_of(translation.get_language())
