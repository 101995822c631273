"""Public API serializers: they list the public fields explicitly, never `__all__`."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Subprocessor, SubprocessorChange


@extend_schema_field({"type": "array", "items": {"type": "string", "example": "DE"}})
class CountryCodesField(serializers.Field):
    """A list of ISO 3166-1 alpha-2 country codes."""

    def to_representation(self, value) -> list[str]:
        return [country.code for country in value]


class PublicSubprocessorSerializer(serializers.ModelSerializer):
    locations = CountryCodesField(read_only=True)
    remote_access_locations = CountryCodesField(read_only=True)
    established_in = serializers.CharField(source="established_in.code", read_only=True)
    third_country_locations = serializers.ListField(child=serializers.CharField(), read_only=True)
    transfer_safeguard_display = serializers.CharField(source="get_transfer_safeguard_display", read_only=True)

    class Meta:
        model = Subprocessor
        fields = [
            "id",
            "public_name",
            "legal_name",
            "service",
            "purpose",
            "data_categories",
            "locations",
            "remote_access_locations",
            "established_in",
            "third_country_locations",
            "transfer_safeguard",
            "transfer_safeguard_display",
            "safeguard_reference",
            "website",
            "status",
            "effective_from",
        ]
        read_only_fields = fields
        # DRF drops `allow_blank` from read-only fields; the schema must still admit these blank values.
        extra_kwargs = {"transfer_safeguard": {"allow_blank": True}, "website": {"allow_blank": True}}


class PublicChangeSerializer(serializers.ModelSerializer):
    subprocessor = serializers.CharField(source="subprocessor.public_name", read_only=True)
    previous_locations = CountryCodesField(read_only=True)
    new_locations = CountryCodesField(read_only=True)
    in_effect = serializers.SerializerMethodField()

    class Meta:
        model = SubprocessorChange
        fields = [
            "id",
            "kind",
            "subprocessor",
            "summary",
            "previous_locations",
            "new_locations",
            "announced_at",
            "effective_from",
            "in_effect",
        ]
        read_only_fields = fields

    def get_in_effect(self, change: SubprocessorChange) -> bool:
        return change.applied_at is not None
