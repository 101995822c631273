"""What a sub-processor's transfer tools still lack (GDPR Chapter V), from its own record.

One function, read by `compliance_check`, the admin warnings and the public page, so they never disagree.
"""

from .eea import ADEQUATE_COUNTRIES
from .models import Subprocessor, TiaOutcome

Safeguard = Subprocessor.TransferSafeguard


def _modules(modules: set[str]) -> str:
    return ", ".join(sorted(modules))


def _tia_gaps(subprocessor: Subprocessor) -> list[str]:
    missing = [
        label
        for label, present in (
            ("date", subprocessor.tia_completed_on),
            ("outcome", subprocessor.tia_outcome),
            ("document", subprocessor.tia_document),
        )
        if not present
    ]
    if missing:
        return [f"its transfer impact assessment has no {', no '.join(missing)}"]
    if subprocessor.tia_outcome == TiaOutcome.INSUFFICIENT:
        return ["its transfer impact assessment concluded that the transfer may not proceed"]
    return []


def _scc_gaps(subprocessor: Subprocessor) -> list[str]:
    required, signed = subprocessor.required_scc_modules, subprocessor.signed_scc_modules
    gaps = []
    if required - signed:
        gaps.append(
            f"its roles call for SCC module {_modules(required)}, "
            f"but module {_modules(required - signed)} is not signed"
        )
    if signed - required:
        gaps.append(f"it signs SCC module {_modules(signed - required)}, which its roles do not call for")
    return gaps


def _adequacy_gaps(subprocessor: Subprocessor, third_countries: list[str]) -> list[str]:
    gaps = []
    uncovered = [code for code in third_countries if code not in ADEQUATE_COUNTRIES]
    if uncovered:
        gaps.append(f"no adequacy decision covers {', '.join(uncovered)}")
    if "US" in third_countries and subprocessor.dpf_checked_on is None:
        gaps.append("relies on the US adequacy decision without a dated check of its EU-US DPF certification")
    return gaps


def transfer_gaps(subprocessor: Subprocessor) -> list[str]:
    """Return what the sub-processor's transfer tools and AI commitments lack, in plain words (empty when none)."""
    return transfer_tool_gaps(subprocessor) + no_training_gaps(subprocessor)


def no_training_gaps(subprocessor: Subprocessor) -> list[str]:
    """Return the gap of an AI or transcription service without a recorded no-training commitment."""
    if subprocessor.uses_ai and not subprocessor.no_training_commitment.strip():
        return ["is an AI or transcription service without a recorded no-training commitment"]
    return []


def transfer_tool_gaps(subprocessor: Subprocessor) -> list[str]:
    """Return what the sub-processor's Chapter V transfer tools lack, in plain words (empty when none)."""
    gaps = []
    third_countries = subprocessor.third_country_locations
    safeguard = subprocessor.transfer_safeguard
    if third_countries and not safeguard:
        gaps.append(f"transfers data outside the EEA ({', '.join(third_countries)}) without a transfer safeguard")
    elif third_countries and safeguard == Safeguard.ADEQUACY:
        gaps += _adequacy_gaps(subprocessor, third_countries)
    elif third_countries and safeguard == Safeguard.SCC:
        gaps += _scc_gaps(subprocessor) + _tia_gaps(subprocessor)
    elif third_countries and safeguard == Safeguard.BCR:
        gaps += _tia_gaps(subprocessor)
    return gaps
