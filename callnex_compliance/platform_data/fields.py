"""Model fields that store identifiers in their normalised form, so lookups need no functions."""

from django.core.exceptions import ValidationError
from django.db import models

from .normalise import normalise_email, normalise_phone


class E164PhoneField(models.CharField):
    """A phone number stored as E.164; values and lookups are normalised the same way."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        try:
            return normalise_phone(value)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid_phone") from exc

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        try:
            return normalise_phone(value)
        except ValueError:
            # Left as typed: it matches nothing, and model validation reports it.
            return value


class LowercaseEmailField(models.EmailField):
    """An email address stored and looked up in lower case."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return normalise_email(value) if value else value

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_email(value) if value else value
