"""Seed the catalogue of Art. 32 security measures with the ones CallNex applies (domain.md)."""

from django.db import migrations

MEASURES = [
    ("Encryption in transit", "technical", "TLS 1.2+ on every connection carrying personal data."),
    ("Encryption at rest", "technical", "Databases, object storage and backups are encrypted at rest."),
    ("Role-based access with MFA", "technical", "Least-privilege roles; staff sign in with two-factor authentication."),
    ("Pseudonymisation where possible", "technical", "Identifiers are replaced by keys where the purpose allows."),
    ("Logging and monitoring", "technical", "Access and changes are logged and monitored for anomalies."),
    ("Backups with tested restores", "technical", "Regular encrypted backups; restores are tested periodically."),
    (
        "Incident response",
        "organisational",
        "A documented breach procedure: the supervisory authority is notified within 72 hours (Art. 33).",
    ),
    ("Staff confidentiality", "organisational", "Staff are bound by confidentiality and trained on data protection."),
    (
        "Regular testing of measures",
        "organisational",
        "Security measures are tested, assessed and evaluated regularly (Art. 32(1)(d)).",
    ),
]


def seed(apps, schema_editor):
    SecurityMeasure = apps.get_model("legal_basis", "SecurityMeasure")
    for name, kind, description in MEASURES:
        SecurityMeasure.objects.get_or_create(name=name, defaults={"kind": kind, "description": description})


class Migration(migrations.Migration):
    dependencies = [("legal_basis", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
