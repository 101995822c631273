"""Public forms: subscribe to change notices, object to a change."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from callnex_compliance.widgets import SearchableSelectMultiple


class SubscriptionForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter the email address that should receive the notices."),
            "invalid": _("Enter a valid email address, like name@company.example."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(
        label=_("Company (optional)"),
        max_length=200,
        required=False,
        help_text=_("The CallNex customer you work for, so we know who to contact about an objection."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )


class ObjectionForm(forms.Form):
    organisation = forms.CharField(
        label=_("Company"),
        max_length=200,
        error_messages={"required": _("Enter the name of the customer that objects.")},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    reason = forms.CharField(
        label=_("Why do you object?"),
        max_length=5000,
        error_messages={"required": _("Tell us why you object, so we can address it.")},
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class CustomerObjectionForm(forms.Form):
    reason = ObjectionForm.base_fields["reason"]


class LocationChangeForm(forms.Form):
    """Staff form for announcing new processing locations of an active sub-processor."""

    locations = forms.MultipleChoiceField(
        choices=countries,
        widget=SearchableSelectMultiple,
        help_text="Every country where it will process the data from the effective date.",
    )
    effective_from = forms.DateField(
        help_text="At least the notice period from today.", widget=forms.DateInput(attrs={"type": "date"})
    )
    summary = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Public text; a default is written if empty.",
    )


class DpaRequestForm(forms.Form):
    company = forms.CharField(
        label=_("Company"), max_length=200, error_messages={"required": _("Enter your company's name.")}
    )
    vat_number = forms.CharField(label=_("VAT number (optional)"), max_length=20, required=False)
    requester_name = forms.CharField(
        label=_("Your name"), max_length=200, error_messages={"required": _("Enter the name of the person who signs.")}
    )
    requester_title = forms.CharField(label=_("Your title (optional)"), max_length=200, required=False)
    email = SubscriptionForm.base_fields["email"]
