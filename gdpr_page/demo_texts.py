# ruff: noqa: E501 -- prose in three languages reads better unwrapped
"""Public texts of the demo registers in English, Dutch and French (used by `demo.py`)."""

# activity name -> (title en, nl, fr), (wording en, nl, fr)
ACTIVITIES = {
    "Call recording for customers": (
        (
            "Call recording for our customers",
            "Gespreksopname voor onze klanten",
            "Enregistrement des appels pour nos clients",
        ),
        (
            "When a customer enables recording, we record its campaign calls and keep the audio encrypted for the customer. We act as processor; the customer's legal basis applies.",
            "Wanneer een klant opname inschakelt, nemen wij de gesprekken van zijn campagnes op en bewaren wij de audio versleuteld voor de klant. Wij treden op als verwerker; de rechtsgrond van de klant is van toepassing.",
            "Lorsqu'un client active l'enregistrement, nous enregistrons les appels de ses campagnes et conservons l'audio chiffré pour lui. Nous agissons en tant que sous-traitant ; la base juridique du client s'applique.",
        ),
    ),
    "Call transcription for customers": (
        (
            "Call transcription for our customers",
            "Transcriptie van gesprekken voor onze klanten",
            "Transcription des appels pour nos clients",
        ),
        (
            "When a customer enables transcripts, its recordings are converted to text by our speech-to-text provider, which may not use them for any other purpose.",
            "Wanneer een klant transcripties inschakelt, worden zijn opnamen door onze spraak-naar-tekstleverancier omgezet in tekst; die mag ze voor geen enkel ander doel gebruiken.",
            "Lorsqu'un client active les transcriptions, ses enregistrements sont convertis en texte par notre prestataire de reconnaissance vocale, qui ne peut les utiliser à aucune autre fin.",
        ),
    ),
    "Outbound campaign dialling": (
        ("Outbound call campaigns", "Uitgaande belcampagnes", "Campagnes d'appels sortants"),
        (
            "We place the calls of our customers' campaigns to the contacts they upload, on their instructions.",
            "Wij voeren de gesprekken van de campagnes van onze klanten uit naar de contacten die zij opladen, volgens hun instructies.",
            "Nous passons les appels des campagnes de nos clients vers les contacts qu'ils chargent, selon leurs instructions.",
        ),
    ),
    "Customer account management": (
        ("Customer accounts", "Klantaccounts", "Comptes clients"),
        (
            "We manage the accounts of the people who log in for our customers, to provide the service we agreed on.",
            "Wij beheren de accounts van de personen die voor onze klanten inloggen, om de overeengekomen dienst te leveren.",
            "Nous gérons les comptes des personnes qui se connectent pour nos clients, afin de fournir le service convenu.",
        ),
    ),
    "Billing and invoicing": (
        ("Billing and invoicing", "Facturatie", "Facturation"),
        (
            "We invoice our customers under their contract and keep invoices as Belgian tax law requires.",
            "Wij factureren onze klanten op grond van hun contract en bewaren facturen zoals het Belgische fiscaal recht vereist.",
            "Nous facturons nos clients en vertu de leur contrat et conservons les factures comme l'exige le droit fiscal belge.",
        ),
    ),
    "Customer support": (
        ("Customer support", "Klantenondersteuning", "Support client"),
        (
            "We answer our customers' support questions and keep the tickets to follow up on them.",
            "Wij beantwoorden de ondersteuningsvragen van onze klanten en bewaren de tickets om ze op te volgen.",
            "Nous répondons aux demandes de support de nos clients et conservons les tickets pour en assurer le suivi.",
        ),
    ),
    "Data-subject rights handling": (
        ("Handling your rights requests", "Behandeling van uw verzoeken", "Traitement de vos demandes"),
        (
            "We record and answer requests to exercise data protection rights, as the GDPR requires of us.",
            "Wij registreren en beantwoorden verzoeken om gegevensbeschermingsrechten uit te oefenen, zoals de AVG van ons vereist.",
            "Nous enregistrons les demandes d'exercice des droits relatifs aux données et y répondons, comme le RGPD nous l'impose.",
        ),
    ),
}

# retention category -> (nl, fr); English stays as seeded
RETENTION = {
    "billing_records": (
        "Belgisch Btw-wetboek art. 60 §4 (sinds 1 januari 2023): facturen worden 10 jaar bewaard vanaf 1 januari van het jaar na de factuurdatum (art. 6(1)(c)). Een contactpersoon voor facturatie is accountgegeven.",
        "Code belge de la TVA, art. 60 §4 (depuis le 1er janvier 2023) : les factures sont conservées 10 ans à partir du 1er janvier de l'année suivant la date de facture (art. 6(1)(c)). Une personne de contact pour la facturation relève des données de compte.",
    ),
    "breach_notices": (
        "Bewijs dat elke klant op de hoogte werd gebracht van een inbreuk op zijn gegevens (art. 33(2), de verwerkersovereenkomst) en verdediging tegen vorderingen; daarna worden ontvanger en tekst verwijderd, datum, berichtnummer en resultaat blijven.",
        "Preuve que chaque client a été informé d'une violation de ses données (art. 33(2), le DPA) et défense en justice ; ensuite le destinataire et le texte sont supprimés, la date, l'identifiant du message et le résultat restent.",
    ),
    "breach_people_lists": (
        "De lijst van personen die door een inbreuk getroffen zijn, dient om hen te informeren (art. 34) en hun vragen te beantwoorden; het dossier van het incident bewaart de aantallen (art. 33(5)).",
        "La liste des personnes concernées par une violation sert à les informer (art. 34) et à répondre à leurs questions ; le dossier de l'incident en conserve les nombres (art. 33(5)).",
    ),
    "call_recordings": (
        "Kwaliteitscontrole en behandeling van geschillen volgens de instructies van de klant (verwerkersovereenkomst). Een klant kan per campagne een kortere termijn instellen.",
        "Contrôle qualité et traitement des litiges selon les instructions du client (DPA). Un client peut fixer une durée plus courte par campagne.",
    ),
    "call_records": (
        "Gespreksgegevens voor de rapportering van de klant, de afstemming van facturen en geschillen over een jaarcyclus.",
        "Métadonnées d'appel pour les rapports du client, le rapprochement des factures et les litiges sur un cycle annuel.",
    ),
    "campaign_contacts": (
        "Contactlijsten zijn alleen nodig zolang een campagne loopt en voor de opvolging ervan.",
        "Les listes de contacts ne sont nécessaires que pendant la campagne et pour son suivi.",
    ),
    "customer_accounts": (
        "Contractbeheer en vorderingen na het einde van het contract (art. 6(1)(b) en (f)). Het verwijderen van de klant verwijdert ook zijn resterende campagnegegevens, die een verwerker na het einde van de dienst niet mag bewaren (art. 28(3)(g)).",
        "Gestion du contrat et réclamations après la fin du contrat (art. 6(1)(b) et (f)). La suppression du client supprime aussi ses données de campagne restantes, qu'un sous-traitant ne peut conserver après la fin du service (art. 28(3)(g)).",
    ),
    "dpa_requests": (
        "Naam en adres van wie een ondertekende verwerkersovereenkomst vroeg, dienen om die op te stellen en te versturen; de overeenkomst zelf vermeldt haar ondertekenaars.",
        "Le nom et l'adresse de la personne qui a demandé un DPA contresigné servent à le préparer et à l'envoyer ; le DPA mentionne lui-même ses signataires.",
    ),
    "mailbox_records": (
        "Vragen aan de contactpersoon voor gegevensbescherming en e-mails die nooit een verzoek werden, worden bewaard "
        "om te tonen hoe ze werden behandeld, zoals supporttickets; de e-mails van een verzoek volgen de bewaring van "
        "dat verzoek.",
        "Les questions adressées au contact protection des données et les e-mails qui ne sont jamais devenus une "
        "demande sont conservés pour montrer comment ils ont été traités, comme les tickets de support ; les e-mails "
        "d'une demande suivent la conservation de cette demande.",
    ),
    "rights_request_files": (
        "Bewijs dat elk verzoek tijdig werd beantwoord (art. 5(2)) en verdediging tegen vorderingen; daarna wordt de identiteit van de verzoeker verwijderd en blijft enkel het anonieme dossier.",
        "Preuve que chaque demande a reçu une réponse dans les délais (art. 5(2)) et défense en justice ; ensuite l'identité du demandeur est supprimée et seul le dossier anonyme reste.",
    ),
    "support_tickets": (
        "Opvolgvragen en klachten over de dienst (art. 6(1)(b) en (f)).",
        "Questions de suivi et plaintes concernant le service (art. 6(1)(b) et (f)).",
    ),
    "transcripts": (
        "Afgeleid van de opname voor dezelfde doeleinden; nooit langer bewaard dan de opname.",
        "Dérivées de l'enregistrement pour les mêmes finalités ; jamais conservées plus longtemps que l'enregistrement.",
    ),
    "unconfirmed_subscriptions": (
        "Achter een adres dat niemand bevestigde, staat geen toestemming; het wordt slechts bewaard zolang het bevestigd kan worden.",
        "Une adresse que personne n'a confirmée ne repose sur aucun consentement ; elle n'est conservée que le temps de pouvoir être confirmée.",
    ),
}

# security measure name -> (en, nl, fr)
MEASURES = {
    "Encryption in transit": (
        "Every connection carrying personal data is encrypted (TLS 1.2 or newer).",
        "Elke verbinding die persoonsgegevens vervoert, is versleuteld (TLS 1.2 of nieuwer).",
        "Toute connexion transportant des données personnelles est chiffrée (TLS 1.2 ou plus récent).",
    ),
    "Encryption at rest": (
        "Databases, stored recordings and backups are encrypted at rest.",
        "Databanken, opgeslagen opnamen en back-ups zijn versleuteld opgeslagen.",
        "Les bases de données, les enregistrements stockés et les sauvegardes sont chiffrés au repos.",
    ),
    "Role-based access with MFA": (
        "Staff get only the access their role needs and sign in with two-factor authentication.",
        "Medewerkers krijgen alleen de toegang die hun rol vereist en melden zich aan met tweestapsverificatie.",
        "Le personnel n'a que les accès nécessaires à son rôle et se connecte avec une authentification à deux facteurs.",
    ),
    "Pseudonymisation where possible": (
        "Identifiers are replaced by keys wherever the purpose allows.",
        "Identificatoren worden door sleutels vervangen waar het doel dat toelaat.",
        "Les identifiants sont remplacés par des clés partout où la finalité le permet.",
    ),
    "Logging and monitoring": (
        "Access and changes are logged and monitored for anomalies.",
        "Toegang en wijzigingen worden gelogd en op afwijkingen bewaakt.",
        "Les accès et les modifications sont journalisés et surveillés pour détecter les anomalies.",
    ),
    "Backups with tested restores": (
        "We keep encrypted backups and test restoring them regularly.",
        "Wij bewaren versleutelde back-ups en testen regelmatig het herstel ervan.",
        "Nous conservons des sauvegardes chiffrées et testons régulièrement leur restauration.",
    ),
    "Incident response": (
        "A documented breach procedure: the supervisory authority is notified within 72 hours where required.",
        "Een gedocumenteerde procedure voor inbreuken: de toezichthoudende autoriteit wordt waar nodig binnen 72 uur ingelicht.",
        "Une procédure documentée en cas de violation : l'autorité de contrôle est notifiée dans les 72 heures lorsque c'est requis.",
    ),
    "Staff confidentiality": (
        "Our staff are bound by confidentiality and trained in data protection.",
        "Onze medewerkers zijn tot geheimhouding verplicht en opgeleid in gegevensbescherming.",
        "Notre personnel est tenu à la confidentialité et formé à la protection des données.",
    ),
    "Regular testing of measures": (
        "We test, assess and evaluate these measures regularly.",
        "Wij testen, beoordelen en evalueren deze maatregelen regelmatig.",
        "Nous testons, apprécions et évaluons régulièrement ces mesures.",
    ),
}

# sub-processor public name -> (nl, fr)
PURPOSES = {
    "Hetzner": (
        "Host het CallNex-platform, zijn databanken en de versleutelde gespreksopnamen.",
        "Héberge la plateforme CallNex, ses bases de données et les enregistrements d'appels chiffrés.",
    ),
    "Proximus": (
        "Verbindt en routeert inkomende en uitgaande gesprekken naar het openbare telefoonnet.",
        "Connecte et achemine les appels entrants et sortants vers le réseau téléphonique public.",
    ),
    "Gladia": (
        "Zet gespreksopnamen om in tekst wanneer een klant transcripties inschakelt; de audio wordt niet bewaard of hergebruikt.",
        "Transcrit les enregistrements d'appels lorsqu'un client active les transcriptions ; l'audio n'est ni conservé ni réutilisé.",
    ),
    "Mailjet": (
        "Verstuurt e-mails over accounts, facturatie en meldingen.",
        "Envoie les e-mails relatifs aux comptes, à la facturation et aux notifications.",
    ),
    "Mollie": (
        "Int de abonnementsbetalingen van klanten.",
        "Encaisse les paiements d'abonnement des clients.",
    ),
    "Zendesk": (
        "Behandelt de ondersteuningstickets van klanten; de gegevens staan in de EU, met ondersteuningstoegang vanuit de VS.",
        "Gère les tickets de support des clients ; les données sont hébergées dans l'UE, avec un accès de support depuis les États-Unis.",
    ),
    "Twilio": (
        "Verstuurde sms-herinneringen voor afspraken in campagnes.",
        "Envoyait des SMS de rappel de rendez-vous pour les campagnes.",
    ),
    "Scaleway": (
        "Bewaart versleutelde externe back-ups van de databanken, zodat wij na een ramp kunnen herstellen.",
        "Stocke des sauvegardes externes chiffrées des bases de données, pour pouvoir restaurer après un sinistre.",
    ),
}

ART37_NL = (
    "Wij monitoren niet regelmatig en stelselmatig personen op grote schaal en verwerken niet op grote schaal "
    "bijzondere categorieën van gegevens als kernactiviteit; een DPO is dus niet verplicht. De omvang van het "
    "bedrijf is daarbij niet beslissend; wij herzien de beoordeling elk jaar."
)
ART37_FR = (
    "Nous n'exerçons pas, à titre d'activité de base, un suivi régulier et systématique des personnes à grande "
    "échelle ni un traitement à grande échelle de catégories particulières de données ; un DPO n'est donc pas "
    "obligatoire. La taille de l'entreprise n'est pas déterminante ; nous revoyons cette évaluation chaque année."
)
