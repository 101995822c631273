from django.apps import AppConfig


class EvidencePacksConfig(AppConfig):
    name = "evidence_packs"
    verbose_name = "Evidence packs"
