"""Serializers of the staff API: the incident as read, and the inputs of each workflow action."""

from rest_framework import serializers

from callnex_compliance.platform_data.models import Campaign, Customer
from subprocessors.models import Subprocessor

from .models import AuthorityNotification, BreachDataCategory, CustomerNotice, Incident, IncidentEvent, ScopeCount


class IncidentEventSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = IncidentEvent
        fields = ["at", "kind", "message", "actor"]


class ScopeCountSerializer(serializers.ModelSerializer):
    customer = serializers.SlugRelatedField(slug_field="name", read_only=True)

    class Meta:
        model = ScopeCount
        fields = ["customer", "people", "calls", "recordings", "transcripts", "contacts"]


class CustomerNoticeSerializer(serializers.ModelSerializer):
    customer = serializers.SlugRelatedField(slug_field="name", read_only=True)

    class Meta:
        model = CustomerNotice
        fields = ["customer", "kind", "sent_at", "message_id", "outcome"]


class AuthorityNotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuthorityNotification
        fields = ["phase", "language", "submitted_at", "authority_reference", "late_reason", "content"]
        read_only_fields = ["content"]


class IncidentSerializer(serializers.ModelSerializer):
    data_categories = serializers.ListField(child=serializers.ChoiceField(choices=BreachDataCategory.choices))
    authority_deadline = serializers.DateTimeField(read_only=True)
    needs_authority = serializers.BooleanField(read_only=True, allow_null=True)
    events = IncidentEventSerializer(many=True, read_only=True)
    scope_counts = ScopeCountSerializer(many=True, read_only=True)
    customer_notices = CustomerNoticeSerializer(many=True, read_only=True)
    authority_notifications = AuthorityNotificationSerializer(many=True, read_only=True)
    records_in_scope = serializers.DictField(child=serializers.IntegerField(), read_only=True)
    # Empty until the risk is assessed: the schema must allow "".
    likelihood = serializers.ChoiceField(choices=Incident.Likelihood.choices, allow_blank=True, read_only=True)
    severity = serializers.ChoiceField(choices=Incident.Severity.choices, allow_blank=True, read_only=True)
    risk_outcome = serializers.ChoiceField(choices=Incident.RiskOutcome.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Incident
        fields = [
            "id", "reference", "title", "description", "cause", "systems", "data_categories", "occurred_at",
            "detected_at", "aware_at", "authority_deadline", "affects_own_data", "approximate_people",
            "approximate_records", "consequences", "measures_taken", "customers", "campaigns", "subprocessors",
            "platform_wide", "window_start", "window_end", "people_in_scope", "records_in_scope", "scope_counted_at",
            "state", "likelihood", "severity", "risk_outcome", "risk_reasons", "art34_exception",
            "art34_exception_reason", "needs_authority", "assessed_at", "contained_at", "closed_at", "weak_measures",
            "events", "scope_counts", "customer_notices", "authority_notifications",
        ]  # fmt: skip
        read_only_fields = ["customers", "campaigns", "subprocessors", "platform_wide", "window_start", "window_end",
                            "weak_measures"]  # fmt: skip


class NoteSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=500)


class OptionalNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)


class ScopeSerializer(serializers.Serializer):
    customers = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.all(), many=True, required=False)
    campaigns = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.all(), many=True, required=False)
    subprocessors = serializers.PrimaryKeyRelatedField(queryset=Subprocessor.objects.all(), many=True, required=False)
    platform_wide = serializers.BooleanField(required=False, default=False)
    window_start = serializers.DateTimeField(required=False, allow_null=True, default=None)
    window_end = serializers.DateTimeField(required=False, allow_null=True, default=None)


class AssessSerializer(serializers.Serializer):
    likelihood = serializers.ChoiceField(choices=Incident.Likelihood.choices)
    severity = serializers.ChoiceField(choices=Incident.Severity.choices)
    outcome = serializers.ChoiceField(choices=Incident.RiskOutcome.choices)
    reasons = serializers.CharField()
    art34_exception = serializers.ChoiceField(choices=Incident.Art34Exception.choices, required=False, default="")
    art34_exception_reason = serializers.CharField(required=False, default="", allow_blank=True)


class NotifyCustomersSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CustomerNotice.Kind.choices, default=CustomerNotice.Kind.INITIAL)
    update = serializers.CharField(required=False, default="", allow_blank=True)


class RecordAuthoritySerializer(serializers.Serializer):
    phase = serializers.ChoiceField(choices=AuthorityNotification.Phase.choices)
    language = serializers.ChoiceField(choices=AuthorityNotification.Language.choices)
    submitted_at = serializers.DateTimeField()
    authority_reference = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    late_reason = serializers.CharField(required=False, default="", allow_blank=True)
