"""Admin support for register texts translated with django-modeltranslation (see gdpr_page/translation.py)."""

from modeltranslation.settings import DEFAULT_LANGUAGE


class RequireDefaultLanguageMixin:
    """Require the English text of a translated field whose own field is required.

    The per-language columns are all optional in the database (a Dutch or French text may come later,
    and publishing the GDPR page refuses a version while one is missing); the English one replaces the
    original field in the form, so it must stay as required as the original was.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        original = getattr(db_field, "translated_field", None)
        if formfield is not None and original is not None and db_field.language == DEFAULT_LANGUAGE:
            formfield.required = not original.blank
        return formfield
