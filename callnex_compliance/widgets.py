"""Searchable pickers for long fixed lists (e.g. ~250 countries) that are not models, so not autocomplete.

They use the select2 that Django admin already ships (the same box as `autocomplete_fields`), filtering
the options in the browser; the server validates the submitted codes exactly as for a plain select.
"""

from django import forms

SELECT2_MEDIA = forms.Media(
    js=[
        "admin/js/vendor/jquery/jquery.js",
        "admin/js/vendor/select2/select2.full.js",
        "admin/js/jquery.init.js",
        "js/searchable_select.js",
    ],
    css={"screen": ["admin/css/vendor/select2/select2.css", "admin/css/autocomplete.css"]},
)


class SearchableSelectMultiple(forms.SelectMultiple):
    """A multiple select the user filters by typing (select2)."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "searchable-select", "data-placeholder": "Type a country", **(attrs or {})}, choices)

    @property
    def media(self):
        return SELECT2_MEDIA


class SearchableSelect(forms.Select):
    """A single select the user filters by typing (select2)."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "searchable-select", "data-placeholder": "Type a country", **(attrs or {})}, choices)

    @property
    def media(self):
        return SELECT2_MEDIA
