"""Every message marked for translation has a real Dutch and French translation, and the committed .mo files
are the compiled .po files: what `make run` on a fresh clone shows is what the catalogues say.

The messages are discovered, not listed: `makemessages` runs on a copy of the project, so a template or a
letter added later (the /gdpr/ page's included) is checked without editing this test.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

LANGUAGES = ("nl", "fr")
COPY_IGNORES = shutil.ignore_patterns(
    ".venv", ".git", "var", "staticfiles", "media", "node_modules", "__pycache__", "*.mo", ".env", "tests", "bench"
)


def _entries(po_file: Path) -> list[dict]:
    """Return the catalogue's messages: msgid, translations, flags and source references."""
    entries = []
    for block in po_file.read_text(encoding="utf-8").split("\n\n"):
        lines = block.strip().splitlines()
        flags = " ".join(line for line in lines if line.startswith("#,"))
        refs = " ".join(line[3:] for line in lines if line.startswith("#:"))
        fields: dict[str, str] = {}
        key = None
        for line in lines:
            match = re.match(r'^(msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                key, value = match.groups()
                fields[key] = value
            elif key and line.startswith('"'):
                fields[key] += line[1:-1]
        if fields.get("msgid"):
            translations = [value for name, value in fields.items() if name.startswith("msgstr")]
            entries.append({"msgid": fields["msgid"], "translations": translations, "fuzzy": "fuzzy" in flags,
                            "refs": refs})  # fmt: skip
    return entries


@pytest.fixture(scope="module")
def regenerated_catalogues(tmp_path_factory) -> list[Path]:
    """Copy the project, run makemessages there (merging the committed catalogues) and return its .po files."""
    copy = tmp_path_factory.mktemp("project") / "project"
    shutil.copytree(settings.BASE_DIR, copy, ignore=COPY_IGNORES, symlinks=True)
    # The back-office stays English (callnex_compliance/i18n.py): the admin's own templates are not translated.
    command = [
        sys.executable,
        "manage.py",
        "makemessages",
        "--no-obsolete",
        "--ignore=.venv",
        "--ignore=templates/admin/*",
    ]
    command += [f"--locale={language}" for language in LANGUAGES]
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "1", "HOME": str(copy)}
    subprocess.run(command, cwd=copy, env=env, check=True, capture_output=True, timeout=600)
    catalogues = sorted(po for language in LANGUAGES for po in copy.glob(f"**/locale/{language}/LC_MESSAGES/django.po"))
    assert {po.parent.parent.name for po in catalogues} == set(LANGUAGES)
    return catalogues


def test_every_message_has_a_dutch_and_french_translation_when_the_catalogues_are_regenerated(
    regenerated_catalogues,
):
    untranslated = []
    checked = 0
    for po_file in regenerated_catalogues:
        for entry in _entries(po_file):
            checked += 1
            if entry["fuzzy"] or not all(entry["translations"]):
                untranslated.append(f"{po_file.parent.parent.name}: {entry['msgid']!r} ({entry['refs']})")
    assert not untranslated, "Untranslated or fuzzy messages:\n" + "\n".join(untranslated)
    assert checked > 200  # the public pages, letters and e-mails: a collapse to nothing is a bug too


def test_public_templates_letters_and_emails_are_in_the_catalogues(regenerated_catalogues):
    references = " ".join(entry["refs"] for po in regenerated_catalogues for entry in _entries(po))
    for source in (
        "templates/base.html",
        "templates/subprocessors/list.html",
        "templates/subprocessors/subscribe.html",
        "templates/subprocessors/dpa/request.html",
        "templates/subprocessors/emails/notice_body.txt",
        "templates/rights_requests/emails/acknowledgement.txt",
        "subprocessors/feeds.py",
        "subprocessors/forms.py",
        "rights_requests/models.py",
    ):
        assert source in references, f"{source} has no message marked for translation"


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_mo_files_are_the_compiled_catalogues(language, tmp_path):
    catalogues = [
        po
        for po in Path(settings.BASE_DIR).glob(f"**/locale/{language}/LC_MESSAGES/django.po")
        if ".venv" not in po.parts
    ]
    assert catalogues
    for po_file in catalogues:
        compiled = tmp_path / "django.mo"
        subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(po_file)], check=True)
        committed = po_file.with_suffix(".mo")
        assert committed.exists(), f"{committed} is not committed: run `manage.py compilemessages`"
        assert committed.read_bytes() == compiled.read_bytes(), f"{committed} is stale: run `manage.py compilemessages`"
