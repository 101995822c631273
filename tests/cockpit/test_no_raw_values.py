"""No admin page of the demo data shows a raw Python value to a person.

Walks the changelist, change page and history pages of every registered model (and the dashboard and
audit trail) as the data protection contact and looks at the *visible text* only (not attributes,
scripts or styles), for what a programmer would recognise and a data protection contact would not:
`None`, `True`, `False`, JSON objects and Python lists, `pk=`, and timestamps with microseconds or ISO
dates where the project shows `28 Nov 2026`.
"""

import contextlib
import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, reverse

from callnex_compliance import roles
from tests.factories import StaffUserFactory

RAW_VALUES = {
    "None/True/False": re.compile(r"(?<![\w-])(None|True|False)(?![\w-])"),
    "JSON object": re.compile(r"\{\s*[\"']"),
    "Python list": re.compile(r"\[\s*[\"'\d]"),
    "pk=": re.compile(r"\bpk="),
    "timestamp with microseconds": re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}\.\d+"),
    "ISO date or time": re.compile(r"(?<![\w/.-])\d{4}-\d{2}-\d{2}(?![\w/-])"),
    "upper-case field name": re.compile(r"\b[A-Z]{2,}_[A-Z_]{2,}\b"),
}
# The task broker's queue (django-q2's own admin) shows its pickled payload; it is technical plumbing,
# not a record a person works with, and its admin is the library's.
NOT_RECORDS = {"django_q.ormq"}
INVISIBLE = {"script", "style", "template", "noscript", "head", "textarea"}


class VisibleText(HTMLParser):
    """Collect the text a person sees: text nodes outside scripts, styles and the head."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in INVISIBLE:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in INVISIBLE and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth and data.strip():
            self.chunks.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.chunks


def raw_values_in(html: str) -> list[str]:
    """Return `kind: text` for every visible text chunk that shows a raw value."""
    return [
        f"{kind}: {chunk[:120]!r}"
        for chunk in visible_text(html)
        for kind, pattern in RAW_VALUES.items()
        if pattern.search(chunk)
    ]


def test_matcher_finds_raw_values_in_text_and_ignores_attributes_and_scripts():
    html = (
        '<div title="None"><script>var x = {"a": [1]};</script>'
        "<p>Counts: {&quot;contacts&quot;: 0}</p><td>None</td><td>2026-12-01 18:50:02.328815+00:00</td>"
        '<td>Deleted user (pk=None)</td><td>["access"]</td><th>DUE_ON</th><td>Nonetheless fine</td></div>'
    )
    found = {line.split(":")[0] for line in raw_values_in(html)}
    assert found == {
        "None/True/False",
        "JSON object",
        "pk=",
        "timestamp with microseconds",
        "Python list",
        "ISO date or time",
        "upper-case field name",
    }
    assert raw_values_in("<p>3 contacts, 2 calls · 28 Nov 2026, 14:05 CET · Access, Erasure</p>") == []


def _admin_pages(client):
    """Yield every changelist, change page, history list and history version of the registered admins."""
    yield reverse("admin:index")
    yield reverse("audit-trail")
    for model, model_admin in admin.site._registry.items():
        if model._meta.label_lower in NOT_RECORDS:
            continue
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield reverse(f"{prefix}_changelist")
        for obj in model._default_manager.order_by("-pk")[:3]:
            yield reverse(f"{prefix}_change", args=[obj.pk])
            if hasattr(model_admin, "history_view"):
                yield reverse(f"{prefix}_history", args=[obj.pk])
                version = obj.history.order_by("-history_id").first() if hasattr(obj, "history") else None
                if version is not None:
                    with contextlib.suppress(NoReverseMatch):
                        yield reverse(f"{prefix}_simple_history", args=[obj.pk, version.history_id])


@pytest.mark.django_db
def test_no_admin_page_of_the_demo_data_shows_a_raw_python_value(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo")
    client = Client(raise_request_exception=False)  # pages the role may not open answer 403; skipped
    client.force_login(StaffUserFactory(username="reader-dpc", role=roles.DATA_PROTECTION_CONTACT))
    assert "Recent actions" not in client.get(reverse("admin:index")).content.decode()
    problems, visited = [], 0
    for url in _admin_pages(client):
        response = client.get(url)
        if response.status_code != 200:
            continue
        visited += 1
        problems += [f"{url}: {line}" for line in raw_values_in(response.content.decode())]
    assert visited > 100
    assert not problems, f"{len(problems)} raw values:\n" + "\n".join(sorted(set(problems)))
