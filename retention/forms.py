"""The legal-hold form: it asks only for what the chosen scope names, and says so when it is missing."""

from django import forms

from .models import LegalHold
from .models.holds import TARGET_FIELDS

TARGET_LABELS = {
    "customer": "customer",
    "campaign": "campaign",
    "contact": "contact",
    "call": "call",
    "rights_request": "rights request",
}


class LegalHoldForm(forms.ModelForm):
    """Place a hold: the scope picks which one target field counts; the others are cleared, not saved."""

    class Meta:
        model = LegalHold
        fields = ["scope", *TARGET_FIELDS, "reference", "reason"]

    def clean(self):
        cleaned = super().clean()
        scope = cleaned.get("scope")
        if scope not in TARGET_FIELDS:
            return cleaned
        for field in TARGET_FIELDS:
            if field != scope:
                cleaned[field] = None  # hidden for this scope: whatever the browser sent does not count
        if not cleaned.get(scope):
            self.add_error(scope, f"Choose the {TARGET_LABELS[scope]} this hold covers (search by name or reference).")
        return cleaned

    def _post_clean(self):
        # Apply the cleared targets to the instance before the model's constraints are checked.
        for field in TARGET_FIELDS:
            if field in self.cleaned_data and self.cleaned_data[field] is None:
                setattr(self.instance, field, None)
        super()._post_clean()
