"""The OpenAPI schema generates cleanly: valid, and without a single drf-spectacular warning."""

from django.core.management import call_command


def test_openapi_schema_is_valid_and_warning_free(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    for path in ("/api/rights-requests/", "/api/processing-activities/", "/api/subprocessors/"):
        assert path in schema
