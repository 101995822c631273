"""The index's fixed words in English, Dutch and French (documents for the Belgian authority)."""

INDEX_STRINGS = {
    "en": {
        "title": "Evidence pack",
        "intro": "Records kept to demonstrate compliance with the GDPR (Art. 5(2)), handed to the supervisory "
        "authority on request (Art. 31).",
        "period": "Period",
        "generated": "Generated",
        "generator": "Generator",
        "contents": "Contents",
        "file": "File",
        "sha256": "SHA-256",
        "not_kept": "Not kept in this system.",
        "verify": "manifest.json lists every file with its SHA-256; recompute them to verify the pack.",
    },
    "nl": {
        "title": "Bewijsdossier",
        "intro": "Documenten waarmee wordt aangetoond dat de AVG wordt nageleefd (art. 5(2)), op verzoek "
        "overgelegd aan de toezichthoudende autoriteit (art. 31).",
        "period": "Periode",
        "generated": "Opgemaakt op",
        "generator": "Gegenereerd door",
        "contents": "Inhoud",
        "file": "Bestand",
        "sha256": "SHA-256",
        "not_kept": "Wordt niet in dit systeem bijgehouden.",
        "verify": "manifest.json vermeldt elk bestand met zijn SHA-256; herbereken die om het dossier te "
        "controleren.",
    },
    "fr": {
        "title": "Dossier de preuves",
        "intro": "Documents démontrant le respect du RGPD (art. 5(2)), remis à l'autorité de contrôle à sa "
        "demande (art. 31).",
        "period": "Période",
        "generated": "Établi le",
        "generator": "Généré par",
        "contents": "Contenu",
        "file": "Fichier",
        "sha256": "SHA-256",
        "not_kept": "Non tenu dans ce système.",
        "verify": "manifest.json liste chaque fichier avec son SHA-256 ; recalculez-les pour vérifier le dossier.",
    },
}


def index_strings(language: str) -> dict[str, str]:
    return INDEX_STRINGS.get(language, INDEX_STRINGS["en"])
