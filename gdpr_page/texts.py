"""Public labels of the registers' codes, translatable (the registers' own choice labels are for staff)."""

from django.utils.translation import gettext_lazy as _

LEGAL_BASES = {
    "consent": _("Consent (Art. 6(1)(a))"),
    "contract": _("Performance of a contract (Art. 6(1)(b))"),
    "legal_obligation": _("Legal obligation (Art. 6(1)(c))"),
    "vital_interests": _("Vital interests (Art. 6(1)(d))"),
    "public_task": _("Public task (Art. 6(1)(e))"),
    "legitimate_interests": _("Legitimate interests (Art. 6(1)(f))"),
}
ROLES = {"controller": _("Controller"), "processor": _("Processor")}
CATEGORIES = {
    "call_recordings": _("Call recordings (and their audio files)"),
    "transcripts": _("Transcripts"),
    "call_records": _("Call records (metadata)"),
    "campaign_contacts": _("Campaign contacts"),
    "customer_accounts": _("Customer account data"),
    "billing_records": _("Billing records"),
    "support_tickets": _("Support tickets"),
    "rights_request_files": _("Rights-request files"),
    "unconfirmed_subscriptions": _("Unconfirmed notification subscriptions"),
    "breach_people_lists": _("Breach affected-people lists"),
    "breach_notices": _("Breach notices to customers"),
    "dpa_requests": _("Requests for a countersigned DPA"),
}
ANCHORS = {
    "call_ended": _("after the call ended"),
    "campaign_ended": _("after the campaign ended"),
    "contract_ended": _("after the contract ended"),
    "invoice_date": _("after the invoice date"),
    "invoice_next_jan": _("from 1 January of the year after the invoice date"),
    "ticket_closed": _("after the ticket was closed"),
    "request_closed": _("after the request was closed"),
    "created": _("after it was created"),
    "incident_closed": _("after the incident was closed"),
}
UNITS = {
    ("days", False): _("days"),
    ("days", True): _("day"),
    ("months", False): _("months"),
    ("months", True): _("month"),
    ("years", False): _("years"),
    ("years", True): _("year"),
}
ACTIONS = {"delete": _("then deleted"), "anonymise": _("then anonymised")}
MEASURE_KINDS = {"technical": _("Technical measures"), "organisational": _("Organisational measures")}
SAFEGUARDS = {
    "adequacy": _("Adequacy decision (Art. 45)"),
    "scc": _("Standard Contractual Clauses (Art. 46(2)(c))"),
    "bcr": _("Binding Corporate Rules (Art. 47)"),
}
