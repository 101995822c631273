"""Serializers of the Retention API."""

from rest_framework import serializers

from .models import CampaignRetentionOverride, PurgeCategoryResult, PurgeRun, RetentionPolicy


class RetentionPolicySerializer(serializers.ModelSerializer):
    period_display = serializers.CharField(read_only=True)

    class Meta:
        model = RetentionPolicy
        fields = [
            "category",
            "role",
            "period_value",
            "period_unit",
            "period_display",
            "anchor",
            "action",
            "justification",
            "updated_at",
        ]


class RetentionWindowSerializer(serializers.ModelSerializer):
    """A campaign's shorter window, as the platform's account settings see it."""

    campaign = serializers.IntegerField(source="campaign_id", read_only=True)
    category = serializers.CharField(
        read_only=True, help_text="call_recordings, transcripts, call_records or campaign_contacts."
    )

    class Meta:
        model = CampaignRetentionOverride
        fields = ["campaign", "category", "days", "requested_by", "updated_at"]
        read_only_fields = ["campaign", "category", "updated_at"]


class RetentionWindowChangeSerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=0, help_text="Keep for this many days (not more than the platform).")
    requested_by = serializers.CharField(
        max_length=100, help_text="Opaque id of the customer user who asked (e.g. the platform's user id). No names."
    )


class RequestedBySerializer(serializers.Serializer):
    requested_by = serializers.CharField(max_length=100, help_text="Opaque id of the customer user who asked.")


class PurgeCategoryResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = PurgeCategoryResult
        fields = ["category", "deleted", "anonymised", "kept_by_hold", "errors", "note"]


class PurgeRunSerializer(serializers.ModelSerializer):
    results = PurgeCategoryResultSerializer(many=True, read_only=True)
    only_category = serializers.CharField(read_only=True, help_text="The one category purged, or blank for all.")

    class Meta:
        model = PurgeRun
        fields = [
            "id",
            "status",
            "trigger",
            "only_category",
            "started_at",
            "ended_at",
            "batches",
            "longest_transaction_ms",
            "files_deleted",
            "results",
        ]
