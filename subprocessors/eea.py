"""Which countries are in the European Economic Area, for transfer rules (GDPR Chapter V).

No maintained, lightweight package publishes the EEA as a set (country-converter does, but pulls in
pandas for thirty codes), so this module is the one place that lists it. Update it when the EEA changes:
the EU-27 (https://european-union.europa.eu/principles-countries-history/eu-countries_en) plus
Iceland, Liechtenstein and Norway (the EEA Agreement). Last checked: 2025.
"""

from collections.abc import Iterable

EU_MEMBER_STATES = frozenset(
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    }
)  # fmt: skip
EEA_EFTA_STATES = frozenset({"IS", "LI", "NO"})
EEA_COUNTRIES = EU_MEMBER_STATES | EEA_EFTA_STATES


def is_in_eea(code: str) -> bool:
    """Return whether the ISO 3166-1 alpha-2 `code` is an EEA country."""
    return str(code).upper() in EEA_COUNTRIES


def outside_eea(codes: Iterable[str]) -> list[str]:
    """Return the codes, in the given order, of the countries outside the EEA."""
    return [str(code) for code in codes if not is_in_eea(code)]


# Countries with an adequacy decision (Art. 45), https://commission.europa.eu/law/law-topic/data-protection/
# international-dimension-data-protection/adequacy-decisions_en . The US one (2023/1795) covers only
# organisations certified under the EU-US Data Privacy Framework. Last checked: 2025.
ADEQUATE_COUNTRIES = frozenset(
    {"AD", "AR", "CA", "CH", "FO", "GB", "GG", "IL", "IM", "JE", "JP", "KR", "NZ", "US", "UY"}
)  # fmt: skip
