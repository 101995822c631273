"""Admin forms of the breaches app: they only parse input; the services decide."""

from django import forms

from callnex_compliance.platform_data.models import Campaign, Customer
from subprocessors.models import Subprocessor

from .models import AuthorityNotification, BreachDataCategory, CustomerNotice, Incident

LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class IncidentForm(forms.ModelForm):
    data_categories = forms.MultipleChoiceField(
        choices=BreachDataCategory.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Incident
        fields = [
            "title", "description", "cause", "systems", "data_categories", "occurred_at", "detected_at", "aware_at",
            "affects_own_data", "approximate_people", "approximate_records", "consequences", "measures_taken",
            "weak_measures",
        ]  # fmt: skip


class NoteForm(forms.Form):
    message = forms.CharField(label="Note", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class OptionalNoteForm(forms.Form):
    note = forms.CharField(label="Note", max_length=300, required=False)


class ScopeForm(forms.Form):
    customers = forms.ModelMultipleChoiceField(Customer.objects.order_by("name"), required=False)
    campaigns = forms.ModelMultipleChoiceField(
        Campaign.objects.select_related("customer").order_by("customer__name", "name"), required=False
    )
    subprocessors = forms.ModelMultipleChoiceField(Subprocessor.objects.order_by("public_name"), required=False)
    platform_wide = forms.BooleanField(label="All customers' campaigns", required=False)
    window_start = forms.DateTimeField(widget=LOCAL_DATETIME, required=False, help_text="Calls that ended from …")
    window_end = forms.DateTimeField(widget=LOCAL_DATETIME, required=False, help_text="… until (exclusive).")


class AssessForm(forms.Form):
    likelihood = forms.ChoiceField(choices=Incident.Likelihood.choices)
    severity = forms.ChoiceField(choices=Incident.Severity.choices)
    outcome = forms.ChoiceField(choices=Incident.RiskOutcome.choices, label="Outcome")
    reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="EDPB Guidelines 9/2022: type of breach, nature and volume of data, ease of identification, "
        "severity of consequences, special characteristics of the people; compare the 01/2021 examples.",
    )
    art34_exception = forms.ChoiceField(choices=Incident.Art34Exception.choices, required=False,
                                        label="Art. 34(3) exception")  # fmt: skip
    art34_exception_reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class NotifyCustomersForm(forms.Form):
    kind = forms.ChoiceField(choices=CustomerNotice.Kind.choices, initial=CustomerNotice.Kind.INITIAL)
    update = forms.CharField(label="What is new (follow-ups)", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class AuthorityForm(forms.Form):
    phase = forms.ChoiceField(choices=AuthorityNotification.Phase.choices)
    language = forms.ChoiceField(choices=AuthorityNotification.Language.choices)
    submitted_at = forms.DateTimeField(widget=LOCAL_DATETIME, label="Submitted at")
    authority_reference = forms.CharField(max_length=100, required=False)
    late_reason = forms.CharField(
        label="Reasons for the delay", widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text="Required when the initial notification is made after 72 hours.",
    )  # fmt: skip


class InformPeopleForm(forms.Form):
    customer = forms.ModelChoiceField(
        Customer.objects.order_by("name"), required=False,
        help_text="Leave empty for CallNex's own data subjects; a customer's only on its instruction.",
    )  # fmt: skip
    instruction = forms.CharField(label="The customer's instruction", required=False, max_length=300)
