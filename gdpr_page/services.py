"""Render and publish the public GDPR page; tell whether the published version is out of date."""

import difflib
import html
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import content as page
from .models import PageVersion

PUBLISH_PERMISSION = "gdpr_page.publish_pageversion"
_BREAKS = re.compile(r"</(?:p|li|tr|h1|h2|h3|dt|dd|caption|section)>|<br\s*/?>", re.I)
_CELLS = re.compile(r"</t[dh]>", re.I)
_TAGS = re.compile(r"<[^>]+>")


def render_body(content: dict, language: str) -> str:
    """Return the page body rendered from `content` in `language`."""
    with translation.override(language):
        return render_to_string("gdpr_page/_body.html", {"content": content})


def plain_text(body: str) -> str:
    """Return the readable text of a rendered body: one line per paragraph, list item or table row."""
    body = " ".join(body.split())  # the template's own line breaks mean nothing; a row must stay one line
    text = _TAGS.sub("", _CELLS.sub(" | ", _BREAKS.sub("\n", body)))
    lines = (" ".join(html.unescape(line).split()).strip(" |") for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def text_diff(previous: str, current: str) -> str:
    """Return the changed lines between two texts, '-' removed and '+' added, with one line of context."""
    lines = difflib.unified_diff(previous.splitlines(), current.splitlines(), lineterm="", n=1)
    return "\n".join(line for line in lines if not line.startswith(("---", "+++")))


@dataclass(frozen=True)
class PageState:
    """The published version, if any, and whether the registers now say something else."""

    published: PageVersion | None
    out_of_date: bool


def page_state() -> PageState:
    """Return the latest published version and whether it still matches the registers (cheap: no rendering)."""
    published = PageVersion.objects.only("pk", "number", "published_at", "fingerprint").latest_published()
    current = page.fingerprint(page.page_content())
    return PageState(published=published, out_of_date=published is None or published.fingerprint != current)


def page_preview() -> dict:
    """Return what publishing now would freeze: content, English text, the diff and missing translations."""
    content = page.page_content()
    text = plain_text(render_body(content, page.DEFAULT_LANGUAGE))
    previous = PageVersion.objects.latest_published()
    return {
        "content": content,
        "text": text,
        "diff": text_diff(previous.text if previous else "", text),
        "previous": previous,
        "missing": page.missing_translations(content),
        "unchanged": previous is not None and previous.fingerprint == page.fingerprint(content),
    }


def page_publish(*, user, note: str = "") -> PageVersion:
    """Publish the page as it now reads, as the data protection contact's explicit act."""
    if not user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied("Only the data protection contact publishes the GDPR page.")
    return page_version_freeze(user=user, note=note)


@transaction.atomic
def page_version_freeze(*, user, note: str = "") -> PageVersion:
    """Freeze the page as it now reads into a new numbered version (the act itself; callers check who may).

    Refused when a register text shown on the page lacks a Dutch or French translation, or when
    nothing changed since the last version.
    """
    preview = page_preview()
    if preview["missing"]:
        raise ValidationError(
            ["The page cannot be published while translations are missing:", *preview["missing"]],
            code="missing_translation",
        )
    if preview["unchanged"]:
        raise ValidationError("Nothing changed since the last published version.", code="unchanged")
    previous = preview["previous"]
    content = preview["content"]
    try:
        return PageVersion.objects.create(
            number=(previous.number + 1) if previous else 1,
            published_at=timezone.now(),
            published_by=user,
            note=note[:300],
            content=content,
            html={language: render_body(content, language) for language in page.LANGUAGES},
            text=preview["text"],
            fingerprint=page.fingerprint(content),
            diff=preview["diff"],
        )
    except IntegrityError as error:  # another publication took the number first
        raise ValidationError("Another version was published at the same moment; try again.") from error
