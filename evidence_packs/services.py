"""Build the evidence pack for the supervisory authority (Art. 5(2), Art. 31) and record that it was built.

The ZIP holds one folder per section, an index (HTML and PDF) that opens the pack, and `manifest.json`
with each file's SHA-256, the generator version and the time. It is written to a temporary file beside
the target and moved into place only when complete, so a failure never leaves half a pack.
"""

import datetime as dt
import hashlib
import os
import tempfile
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone

from callnex_compliance.pdf import html_to_pdf
from callnex_compliance.platform_data.models import OrganisationProfile

from .i18n import index_strings
from .models import EvidencePack
from .sections import SECTIONS, PackContext
from .writer import PackWriter, to_json

PACK_FORMAT = 1
MAX_PERIOD_DAYS = 3 * 366


def generator_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("callnex-compliance")
    except PackageNotFoundError:
        release = "unknown"
    return f"callnex-compliance {release}, evidence pack format {PACK_FORMAT}"


def period_check(*, start: dt.date, end: dt.date) -> None:
    """Raise a ValidationError when the period is not one the pack can cover."""
    if start > end:
        raise ValidationError("The period starts after it ends.")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise ValidationError("Choose a period of at most three years.")


def _index(writer: PackWriter, ctx: PackContext, sections) -> None:
    context = {
        "strings": index_strings(ctx.language),
        "language": ctx.language,
        "ctx": ctx,
        "organisation": OrganisationProfile.get_solo(),
        "generator": generator_version(),
        "sections": sections,
        "files": writer.files,
    }
    writer.write("index.html", context["strings"]["title"], render_to_string("evidence_packs/index.html", context))
    # The same index laid out for print (paragraphs, not tables), so a long list of files renders quickly.
    printable = render_to_string("evidence_packs/index_print.html", context)
    writer.write("index.pdf", context["strings"]["title"] + " (PDF)", html_to_pdf(printable))


def _manifest(writer: PackWriter, ctx: PackContext) -> None:
    manifest = {
        "generator": generator_version(),
        "generated_at": ctx.now,
        "period": {"from": ctx.start, "to": ctx.end},
        "language": ctx.language,
        "files": [
            {"name": f.name, "title": f.title, "section": f.section, "sha256": f.sha256, "size": f.size}
            for f in writer.files
        ],
    }
    with writer.zip.open("manifest.json", "w") as stream:
        stream.write(to_json(manifest))


def _write_pack(fileobj, ctx: PackContext) -> int:
    writer = PackWriter(fileobj)
    built = []
    try:
        for section in SECTIONS:
            writer.section = section.key
            if section.available:
                section.build(ctx, writer)
            built.append({"key": section.key, "title": section.title, "available": section.available})
        writer.section = "index"
        _index(writer, ctx, built)
        _manifest(writer, ctx)
    except BaseException:
        writer.abort()
        raise
    writer.close()
    return len(writer.files) + 1


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def evidence_pack_generate(
    *, out: Path, start: dt.date, end: dt.date, language: str = "en", by: AbstractBaseUser | None = None,
    now: dt.datetime | None = None,
) -> EvidencePack:
    """Write the evidence pack of `start`–`end` to `out` and record its generation in the audit trail."""
    period_check(start=start, end=end)
    if language not in EvidencePack.Language.values:
        raise ValidationError(f"Unknown language {language!r}: choose en, nl or fr.")
    out = Path(out)
    ctx = PackContext(start=start, end=end, language=language, now=now or timezone.now())
    handle, temporary = tempfile.mkstemp(prefix=".evidence-", suffix=".zip", dir=out.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            files = _write_pack(stream, ctx)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    pack = EvidencePack(
        period_from=start, period_to=end, language=language, generated_by=by, generated_at=ctx.now,
        generator_version=generator_version(), files=files, size_bytes=out.stat().st_size, sha256=_sha256(out),
    )  # fmt: skip
    pack._history_user = by
    pack._change_reason = "Evidence pack generated"
    pack.save()
    return pack
