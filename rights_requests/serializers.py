"""Serializers of the staff API: the request as staff see it, and the input of each workflow action."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from callnex_compliance.platform_data.models import Customer

from .models import FileReview, Instruction, Right, RightsRequest, SubjectMatch, validate_received_at


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
            "language",
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
            "identity_verified_at",
            "own_outcome",
            "own_part_closed_at",
            "closed_at",
            "anonymised_at",
        ]
        read_only_fields = [
            "identity_verified_at",
            "own_outcome",
            "own_part_closed_at",
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
        extra_kwargs = {"refusal_reason": {"allow_blank": True}, "own_outcome": {"allow_blank": True}}

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
    customer = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.all(), required=False, allow_null=True)
    name = serializers.CharField(required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(required=False, allow_blank=True, default="")


class CompleteSerializer(serializers.Serializer):
    outcome_text = serializers.CharField(required=False, allow_blank=True, default="")
    outcome = serializers.ChoiceField(choices=RightsRequest.Outcome.choices, default=RightsRequest.Outcome.FULFILLED)


class VerifyIdentitySerializer(serializers.Serializer):
    answer_received_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PartSerializer(serializers.Serializer):
    """The part an action is on: a customer's campaign data, or CallNex's own data when omitted."""

    customer = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.all(), required=False, allow_null=True)


class LiftRestrictionSerializer(serializers.Serializer):
    reason = serializers.CharField()


class RecipientNoticeSerializer(serializers.Serializer):
    recipients = serializers.CharField(help_text="The organisations told (Art. 19); no personal data.")


class RecordInstructionSerializer(serializers.Serializer):
    customer = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.all())
    instruction = serializers.ChoiceField(choices=Instruction.choices)
    received_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    deliver_to_person = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Export only: the customer instructs CallNex to deliver the export to the person itself "
        "(each recording and transcript then needs an Art. 15(4) review first).",
    )


class FileReviewSerializer(serializers.Serializer):
    """One Art. 15(4) decision: release or withhold a recording or transcript of a customer part."""

    customer = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.all())
    kind = serializers.ChoiceField(choices=FileReview.Kind.choices)
    file_id = serializers.IntegerField(min_value=1)
    decision = serializers.ChoiceField(choices=FileReview.Decision.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PartFileSerializer(serializers.Serializer):
    kind = serializers.CharField()
    file_id = serializers.IntegerField()
    call_id = serializers.IntegerField()
    decision = serializers.CharField(source="review.decision", default=None, allow_null=True)
    reason = serializers.CharField(source="review.reason", default="")
    reviewer = serializers.CharField(source="review.reviewer", default=None, allow_null=True)
    decided_at = serializers.DateTimeField(source="review.decided_at", default=None, allow_null=True)


class ControllerPartSerializer(serializers.Serializer):
    account_users = serializers.IntegerField()
    billing_contacts = serializers.IntegerField()
    invoices = serializers.IntegerField()
    support_tickets = serializers.IntegerField()
    identity_verified = serializers.BooleanField()
    closed_at = serializers.DateTimeField(allow_null=True)


class CustomerPartSerializer(serializers.Serializer):
    customer = serializers.IntegerField()
    name = serializers.CharField()
    campaigns = serializers.IntegerField()
    contacts = serializers.IntegerField()
    calls = serializers.IntegerField()
    recordings = serializers.IntegerField()
    transcripts = serializers.IntegerField()
    state = serializers.CharField()
    privacy_contact = serializers.BooleanField()
    due_on = serializers.DateField(allow_null=True)
    instruction = serializers.CharField(allow_blank=True)
    instruction_received_on = serializers.DateField(allow_null=True)
    export_to_person = serializers.BooleanField()


class PartsSerializer(serializers.Serializer):
    controller = ControllerPartSerializer()
    customers = CustomerPartSerializer(many=True)


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
    """Counts erased: campaign data for a customer part, own data (and what was kept) for CallNex's part."""

    contacts = serializers.IntegerField(required=False)
    calls = serializers.IntegerField(required=False)
    recordings = serializers.IntegerField(required=False)
    transcripts = serializers.IntegerField(required=False)
    kept_by_hold = serializers.IntegerField(required=False)
    account_users = serializers.IntegerField(required=False)
    billing_contacts = serializers.IntegerField(required=False)
    support_tickets = serializers.IntegerField(required=False)
    kept = serializers.DictField(child=serializers.IntegerField(), required=False)
