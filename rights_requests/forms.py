"""Forms of the admin: intake, corrections and one small form per workflow action."""

from django import forms

from callnex_compliance.languages import Language
from callnex_compliance.platform_data.models import Customer
from callnex_compliance.platform_data.normalise import normalise_phone_or_none

from .deadlines import MAX_EXTENSION_MONTHS
from .models import FileReview, Forwarding, Instruction, Right, RightsRequest, validate_received_at
from .selectors import request_handlers

INTAKE_FIELDS = [
    "requester_name",
    "requester_email",
    "requester_phone",
    "rights",
    "channel",
    "language",
    "received_at",
    "role",
    "customer",
    "assignee",
    "details",
]


class RightsRequestForm(forms.ModelForm):
    """Intake (add) and correction (change) of a request; status and dates change only through actions."""

    rights = forms.MultipleChoiceField(choices=Right.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = RightsRequest
        fields = INTAKE_FIELDS
        labels = {"requester_email": "Requester's email", "requester_phone": "Requester's phone"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "assignee" in self.fields:
            # Only people who may work the request; the auditor reads, never handles.
            self.fields["assignee"].queryset = request_handlers()
        subwidgets = getattr(self.fields.get("received_at"), "widget", None)
        if subwidgets is not None and len(getattr(subwidgets, "widgets", ())) == 2:
            # The admin's split date/time inputs have no label of their own (the field's label names neither).
            subwidgets.widgets[0].attrs["aria-label"] = "Date received"
            subwidgets.widgets[1].attrs["aria-label"] = "Time received"
        if "language" in self.fields:
            # Left empty, the letters are in English (a request in any other language is answered in English).
            self.fields["language"].required = False

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or Language.ENGLISH

    def clean_received_at(self):
        received_at = self.cleaned_data["received_at"]
        if received_at:
            validate_received_at(received_at)
        return received_at

    def clean(self):
        cleaned = super().clean()
        editable = {"requester_email", "requester_phone"} <= set(self.fields)
        if editable and not (cleaned.get("requester_email") or cleaned.get("requester_phone")):
            raise forms.ValidationError("Enter the requester's email address or phone number.")
        return cleaned


class ConfirmForm(forms.Form):
    """An action that needs nothing but a confirmation."""


class DiscoverForm(forms.Form):
    """Find data: optionally one more email address and phone number to search by (kept on the request)."""

    email = forms.EmailField(required=False, label="Also search by email")
    phone = forms.CharField(required=False, max_length=40, label="Also search by phone")

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and normalise_phone_or_none(phone) is None:
            raise forms.ValidationError("Enter a phone number, e.g. +32 470 12 34 56.")
        return phone


class AskIdentityForm(forms.Form):
    information_needed = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Sent to the requester, e.g. 'the last four digits of the number we called you on'. "
        "Ask only for what you need to confirm who they are.",
    )


class ExtendForm(forms.Form):
    months = forms.TypedChoiceField(
        choices=[(n, f"{n} month{'s' if n > 1 else ''}") for n in range(1, MAX_EXTENSION_MONTHS + 1)], coerce=int
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="Why it is necessary (complexity, number of requests)."
    )


class VerifyIdentityForm(forms.Form):
    answer_received_on = forms.DateField(
        required=False,
        label="Answer received on",
        help_text="When the clock is paused: the day the requester's answer arrived (the pause ends then).",
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Note of the check",
        help_text="How identity was checked. Do not keep the evidence itself: delete it once checked.",
    )


class PartForm(forms.Form):
    """Choose the part an action is on: CallNex's own data, or a customer's (on its recorded instruction)."""

    needs_request = True
    customer = forms.ModelChoiceField(
        queryset=Customer.objects.none(),
        required=False,
        empty_label="CallNex's own data (controller)",
        help_text="A customer's part can only be acted on as that customer instructed.",
    )

    def __init__(self, *args, rights_request: RightsRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = Customer.objects.filter(
            pk__in=rights_request.forwardings.filter(closed_at__isnull=True).values("customer_id")
        )


class InstructionForm(forms.Form):
    needs_request = True
    customer = forms.ModelChoiceField(queryset=Customer.objects.none())
    instruction = forms.ChoiceField(choices=Instruction.choices)
    received_on = forms.DateField(help_text="The day the customer's instruction arrived.")
    deliver_to_person = forms.BooleanField(
        required=False,
        label="CallNex delivers the export to the person",
        help_text="Export only, when the customer's instruction says so; each recording and transcript then needs "
        "an Art. 15(4) review before the export can be made.",
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, rights_request: RightsRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = Customer.objects.filter(
            pk__in=rights_request.forwardings.filter(forwarded_at__isnull=False, closed_at__isnull=True).values(
                "customer_id"
            )
        )


class RectifyForm(PartForm):
    name = forms.CharField(required=False, label="Corrected name")
    email = forms.EmailField(required=False, label="Corrected email")
    phone = forms.CharField(required=False, label="Corrected phone")


class CompleteForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=RightsRequest.Outcome.choices,
        initial=RightsRequest.Outcome.FULFILLED,
        help_text="'We hold no data' is an answer with its own letter, not a refusal.",
    )
    outcome_text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Message to the requester",
        help_text="Optional; added to the completion letter.",
    )


class RefuseForm(forms.Form):
    reason = forms.ChoiceField(choices=RightsRequest.RefusalReason.choices)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Explanation to the requester")


class WithdrawForm(forms.Form):
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Internal note")


class CloseForwardingForm(forms.Form):
    needs_request = True

    forwarding = forms.ModelChoiceField(queryset=Forwarding.objects.none())
    outcome = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="The controller's answer")

    def __init__(self, *args, rights_request: RightsRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forwarding"].queryset = rights_request.forwardings.filter(
            forwarded_at__isnull=False, closed_at__isnull=True
        ).select_related("customer")


class LiftSuppressionForm(forms.Form):
    """The data protection contact's reason for lifting a suppression, and the customer's instruction."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="Why the number may be called again. No names or numbers: this stays on record.",
    )
    instruction_reference = forms.CharField(
        required=False, max_length=100, help_text="Required when the objection was about a customer's campaign."
    )
    instructed_on = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="Date of the customer's instruction."
    )


class FileReviewForm(forms.Form):
    """One Art. 15(4) decision on a recording or transcript of a customer part CallNex delivers to the person."""

    customer = forms.ModelChoiceField(queryset=Customer.objects.none(), widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=FileReview.Kind.choices, widget=forms.HiddenInput)
    file_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=FileReview.Decision.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required to withhold: the person is told why (e.g. the voices of other people).",
    )

    def __init__(self, *args, rights_request: RightsRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = Customer.objects.filter(
            pk__in=rights_request.forwardings.values("customer_id")
        )
class ConfirmDraftForm(forms.Form):
    """Confirm, in one screen, what a request that arrived by e-mail asks for and in which role we answer."""

    rights = forms.MultipleChoiceField(choices=Right.choices, widget=forms.CheckboxSelectMultiple)
    role = forms.ChoiceField(choices=RightsRequest.Role.choices, initial=RightsRequest.Role.CONTROLLER)
    customer = forms.ModelChoiceField(
        queryset=Customer.objects.order_by("name"),
        required=False,
        help_text="Only for a processor request: the customer (controller) whose campaign data it concerns.",
    )
    requester_name = forms.CharField(
        required=False, max_length=200, help_text="Correct the name if the e-mail's is wrong."
    )
