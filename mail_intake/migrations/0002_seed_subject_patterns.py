from django.db import migrations
from django.utils import timezone

# Phrases the team recognises besides the organisation's own subject lines (editable in admin).
PATTERNS = [
    ("GDPR Rights Request", "rights_request", "en"),
    ("GDPR request", "rights_request", "en"),
    ("AVG-verzoek", "rights_request", "nl"),
    ("AVG verzoek", "rights_request", "nl"),
    ("Verzoek AVG", "rights_request", "nl"),
    ("Demande RGPD", "rights_request", "fr"),
    ("Demande de droits RGPD", "rights_request", "fr"),
    ("Data Protection", "inquiry", "en"),
    ("Gegevensbescherming", "inquiry", "nl"),
    ("Protection des données", "inquiry", "fr"),
]


def seed(apps, schema_editor):
    pattern_model = apps.get_model("mail_intake", "SubjectPattern")
    history_model = apps.get_model("mail_intake", "HistoricalSubjectPattern")
    for phrase, route, language in PATTERNS:
        pattern, created = pattern_model.objects.get_or_create(
            phrase=phrase, defaults={"route": route, "language": language}
        )
        if created:
            history_model.objects.create(
                id=pattern.pk, phrase=phrase, route=route, language=language, active=True,
                history_date=timezone.now(), history_type="+", history_change_reason="Default subject pattern",
            )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("mail_intake", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
