"""Dutch and French headings of the Art. 30 records, for the Belgian authority.

Simple per-language strings, keyed by the English text; the register's own content (purposes, names)
stays in the language it was written in. A full translation catalogue is a later step.
"""

LANGUAGES = ("en", "nl", "fr")

STRINGS: dict[str, dict[str, str]] = {
    "Record of processing activities — controller": {
        "nl": "Register van verwerkingsactiviteiten — verwerkingsverantwoordelijke",
        "fr": "Registre des activités de traitement — responsable du traitement",
    },
    "Record of processing activities — processor": {
        "nl": "Register van verwerkingsactiviteiten — verwerker",
        "fr": "Registre des activités de traitement — sous-traitant",
    },
    "Art. 30(1) GDPR": {"nl": "Art. 30(1) AVG", "fr": "Art. 30(1) RGPD"},
    "Art. 30(2) GDPR": {"nl": "Art. 30(2) AVG", "fr": "Art. 30(2) RGPD"},
    "Controller name": {"nl": "Naam verwerkingsverantwoordelijke", "fr": "Nom du responsable du traitement"},
    "Controller address": {"nl": "Adres verwerkingsverantwoordelijke", "fr": "Adresse du responsable du traitement"},
    "Controller contact": {"nl": "Contact verwerkingsverantwoordelijke", "fr": "Contact du responsable du traitement"},
    "Processor name": {"nl": "Naam verwerker", "fr": "Nom du sous-traitant"},
    "Processor address": {"nl": "Adres verwerker", "fr": "Adresse du sous-traitant"},
    "Processor contact": {"nl": "Contact verwerker", "fr": "Contact du sous-traitant"},
    "Data protection officer / contact": {
        "nl": "Functionaris / contactpunt gegevensbescherming",
        "fr": "Délégué / point de contact protection des données",
    },
    "Representative": {"nl": "Vertegenwoordiger", "fr": "Représentant"},
    "Supervisory authority": {"nl": "Toezichthoudende autoriteit", "fr": "Autorité de contrôle"},
    "Processing activity": {"nl": "Verwerkingsactiviteit", "fr": "Activité de traitement"},
    "Purposes of the processing": {"nl": "Verwerkingsdoeleinden", "fr": "Finalités du traitement"},
    "Legal basis": {"nl": "Rechtsgrond", "fr": "Base juridique"},
    "Legitimate-interests assessment": {
        "nl": "Belangenafweging (gerechtvaardigd belang)",
        "fr": "Mise en balance des intérêts légitimes",
    },
    "How consent is collected and withdrawn": {
        "nl": "Hoe toestemming wordt verkregen en ingetrokken",
        "fr": "Recueil et retrait du consentement",
    },
    "Categories of data subjects": {"nl": "Categorieën van betrokkenen", "fr": "Catégories de personnes concernées"},
    "Categories of personal data": {"nl": "Categorieën van persoonsgegevens", "fr": "Catégories de données"},
    "Special categories and Art. 9(2) condition": {
        "nl": "Bijzondere categorieën en voorwaarde van art. 9(2)",
        "fr": "Catégories particulières et condition de l'art. 9(2)",
    },
    "Categories of recipients, incl. in third countries": {
        "nl": "Categorieën van ontvangers, ook in derde landen",
        "fr": "Catégories de destinataires, y compris dans des pays tiers",
    },
    "Transfers to third countries and their safeguards": {
        "nl": "Doorgiften naar derde landen en waarborgen",
        "fr": "Transferts vers des pays tiers et garanties",
    },
    "Time limits for erasure": {"nl": "Termijnen voor wissing", "fr": "Délais d'effacement"},
    "Technical and organisational security measures (Art. 32)": {
        "nl": "Technische en organisatorische beveiligingsmaatregelen (art. 32)",
        "fr": "Mesures de sécurité techniques et organisationnelles (art. 32)",
    },
    "DPIA screening and assessment": {
        "nl": "DPIA-screening en gegevensbeschermingseffectbeoordeling",
        "fr": "Pré-évaluation et analyse d'impact (AIPD)",
    },
    "Owner, approval and next review": {
        "nl": "Eigenaar, goedkeuring en volgende herziening",
        "fr": "Responsable, approbation et prochaine révision",
    },
    "Controllers on whose behalf we act, and their contacts": {
        "nl": "Verwerkingsverantwoordelijken voor wie wij handelen, en hun contactgegevens",
        "fr": "Responsables du traitement pour le compte desquels nous agissons, et leurs coordonnées",
    },
    "Categories of processing carried out for each controller": {
        "nl": "Categorieën van verwerkingen per verwerkingsverantwoordelijke",
        "fr": "Catégories de traitements effectués pour chaque responsable",
    },
    "Categories of personal data processed": {
        "nl": "Verwerkte categorieën van persoonsgegevens",
        "fr": "Catégories de données traitées",
    },
    "Sub-processors engaged": {"nl": "Ingeschakelde subverwerkers", "fr": "Sous-traitants ultérieurs"},
    "Deletion periods (customers may set shorter ones)": {
        "nl": "Bewaartermijnen (klanten kunnen kortere instellen)",
        "fr": "Durées de conservation (les clients peuvent en fixer de plus courtes)",
    },
    "Organisation": {"nl": "Organisatie", "fr": "Organisation"},
    "generated": {"nl": "opgemaakt op", "fr": "établi le"},
    "activities": {"nl": "activiteiten", "fr": "activités"},
    "No activities in force in this record.": {
        "nl": "Geen lopende activiteiten in dit register.",
        "fr": "Aucune activité en vigueur dans ce registre.",
    },
}


def translate(text: str, language: str) -> str:
    """Return `text` in `language` (nl or fr) when a translation exists, else the English text."""
    return STRINGS.get(text, {}).get(language, text)
