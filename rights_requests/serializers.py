"""Serializers of the staff API: the request as staff see it, and the input of each workflow action."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from callnex_compliance.platform_data.models import Customer

from .models import Right, RightsRequest, SubjectMatch, validate_received_at


class RightsRequestSerializer(serializers.ModelSerializer):
    rights = serializers.ListField(child=serializers.ChoiceField(choices=Right.choices))
    legal_deadline = serializers.DateField(read_only=True)
    sla_deadline = serializers.DateField(read_only=True)
    days_left = serializers.SerializerMethodField()
    urgency = serializers.SerializerMethodField()

    class Meta:
        model = RightsRequest
        fields = [
            "id",
            "reference",
            "requester_name",
            "requester_email",
            "requester_phone",
            "details",
            "rights",
            "channel",
            "received_at",
            "role",
            "customer",
            "assignee",
            "status",
            "legal_deadline",
            "sla_deadline",
            "due_on",
            "days_left",
            "urgency",
            "paused_days",
            "extension_months",
            "refusal_reason",
            "closed_at",
            "anonymised_at",
        ]
        read_only_fields = [
            "reference",
            "status",
            "due_on",
            "paused_days",
            "extension_months",
            "refusal_reason",
            "closed_at",
            "anonymised_at",
        ]
        # DRF drops `allow_blank` from read-only fields; the schema must still admit the blank "no reason yet".
        extra_kwargs = {"refusal_reason": {"allow_blank": True}}

    def get_days_left(self, obj: RightsRequest) -> int | None:
        return obj.days_left()

    def get_urgency(self, obj: RightsRequest) -> str | None:
        band = obj.urgency()
        return str(band) if band else None

    def validate_received_at(self, value):
        try:
            validate_received_at(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return value


class SubjectMatchSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubjectMatch
        fields = ["customer", "campaign", "contacts", "calls", "recordings", "transcripts", "found_at"]


class AskIdentitySerializer(serializers.Serializer):
    information_needed = serializers.CharField()


class ExtendSerializer(serializers.Serializer):
    months = serializers.IntegerField(min_value=1, max_value=2)
    reason = serializers.CharField()


class RectifySerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(required=False, allow_blank=True, default="")


class CompleteSerializer(serializers.Serializer):
    outcome_text = serializers.CharField(required=False, allow_blank=True, default="")


class RefuseSerializer(serializers.Serializer):
    refusal_reason = serializers.ChoiceField(choices=RightsRequest.RefusalReason.choices)
    text = serializers.CharField()


class WithdrawSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CloseForwardingSerializer(serializers.Serializer):
    customer = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.all())
    outcome = serializers.CharField()


class ExportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    expires_at = serializers.DateTimeField()
    download_url = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField())


class ErasureSerializer(serializers.Serializer):
    contacts = serializers.IntegerField()
    calls = serializers.IntegerField()
    recordings = serializers.IntegerField()
    transcripts = serializers.IntegerField()
