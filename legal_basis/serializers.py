"""Read-only serializers of the register for staff; derived values come from the selectors."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import ActivityLegalBasis, ProcessingActivity
from .selectors import retention_of, retention_policies, transfers_of


class LegalBasisSerializer(serializers.ModelSerializer):
    basis_display = serializers.CharField(source="get_basis_display")

    class Meta:
        model = ActivityLegalBasis
        fields = ["basis", "basis_display", "justification"]


class TransferSerializer(serializers.Serializer):
    subprocessor = serializers.CharField()
    countries = serializers.ListField(child=serializers.CharField())
    safeguard = serializers.CharField()
    reference = serializers.CharField()


class RetentionSerializer(serializers.Serializer):
    data_category = serializers.CharField()
    period = serializers.CharField()


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SubprocessorRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    public_name = serializers.CharField()
    legal_name = serializers.CharField()
    status = serializers.CharField()


class ProcessingActivitySerializer(serializers.ModelSerializer):
    legal_bases = LegalBasisSerializer(many=True)
    customers = NamedSerializer(many=True)
    data_subject_categories = NamedSerializer(many=True)
    personal_data_categories = NamedSerializer(many=True)
    recipient_categories = NamedSerializer(many=True)
    security_measures = NamedSerializer(many=True)
    subprocessors = SubprocessorRefSerializer(many=True)
    transfers = serializers.SerializerMethodField(help_text="Derived from the sub-processors' locations.")
    retention = serializers.SerializerMethodField(help_text="Derived from the data categories' retention policies.")
    owner = serializers.CharField(source="owner.get_username")
    approved_by = serializers.CharField(source="approved_by.get_username", allow_null=True, default=None)

    class Meta:
        model = ProcessingActivity
        fields = [
            "id",
            "name",
            "purpose",
            "description",
            "role",
            "customers",
            "all_customers",
            "legal_bases",
            "legitimate_interests_assessment",
            "consent_mechanism",
            "special_categories",
            "art9_condition",
            "data_subject_categories",
            "personal_data_categories",
            "recipient_categories",
            "subprocessors",
            "transfers",
            "retention",
            "security_measures",
            "owner",
            "status",
            "approved_by",
            "approved_at",
            "review_interval_months",
            "next_review_on",
            "retired_at",
        ]

    @extend_schema_field(TransferSerializer(many=True))
    def get_transfers(self, obj: ProcessingActivity) -> list[dict]:
        return TransferSerializer(transfers_of(obj), many=True).data

    @extend_schema_field(RetentionSerializer(many=True))
    def get_retention(self, obj: ProcessingActivity) -> list[dict]:
        # One query per response: the policies are read once and shared by every activity of a page.
        if "retention_policies" not in self.context:
            self.context["retention_policies"] = retention_policies()
        return RetentionSerializer(retention_of(obj, self.context["retention_policies"]), many=True).data
