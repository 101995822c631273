"""Helpers of the role-integrity test: database and media fingerprints, write capture, form harvesting,
and run-time discovery of every admin POST URL and API write."""

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db import connection
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404

# Tables a refused request may legitimately write, and why:
# - django_session: logging in (done before the snapshot) and the messages framework ("You don't have
#   permission...") store session state; it is the visitor's own bookkeeping, not application data.
# - axes_*: login bookkeeping (failed-login counters); no role's request changes them except by logging in.
IGNORED_TABLES = frozenset({"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"})
WRITE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)"?', re.I)


def table_checksums() -> dict[str, str]:
    """Return a digest of every table's rows (order-independent), except the ignored bookkeeping tables."""
    digests = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in sorted(set(connection.introspection.table_names()) - IGNORED_TABLES):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - table names come from introspection
            rows = sorted(repr(row) for row in cursor.fetchall())
            digests[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return digests


def media_fingerprint() -> dict[str, tuple[int, int]]:
    """Return every file under MEDIA_ROOT with its size and modification time."""
    root = Path(settings.MEDIA_ROOT)
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            stat = path.stat()
            found[str(path.relative_to(root))] = (stat.st_size, stat.st_mtime_ns)
    return found


class WriteCapture:
    """Record the tables written by SQL statements on the default connection (cheap, per request)."""

    def __init__(self):
        self.tables: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        match = WRITE.match(sql)
        if match and match.group(1) not in IGNORED_TABLES:
            self.tables.add(match.group(1))
        return execute(sql, params, many, context)


class _FormParser(HTMLParser):
    """Collect the fields of every POST form of a page, and every link and form action."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self.links: set[str] = set()
        self._form: list | None = None
        self._select: tuple[str, bool] | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.add(a["href"])
        if tag == "form":
            if a.get("action"):
                self.links.add(a["action"])
            self._form = [] if (a.get("method") or "").lower() == "post" else None
            if self._form is not None:
                self.forms.append(self._form)
        if self._form is None or not a.get("name") and tag != "option":
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form.append((a["name"], a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select, self._select_first, self._select_chosen = (a["name"], "multiple" in a), None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self._form.append((self._select[0], value))
                self._select_chosen = True
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select and self._form is not None:
            name, multiple = self._select
            if not self._select_chosen and not multiple and self._select_first is not None:
                self._form.append((name, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea and self._form is not None:
            self._form.append((self._textarea, self._text))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text += data


def parse_page(html: str) -> tuple[dict[str, list[str]], set[str]]:
    """Return the largest POST form of a page as a multi-value dict, and the page's links."""
    parser = _FormParser()
    parser.feed(html)
    form: dict[str, list[str]] = {}
    for name, value in max(parser.forms, key=len, default=[]):
        form.setdefault(name, []).append(value)
    return form, parser.links


# --- discovery -----------------------------------------------------------------------------------------


@dataclass
class Route:
    """One URL pattern of the project, with its full route text and its namespaced name."""

    route: str
    pattern: URLPattern
    name: str | None  # "namespace:name"

    @property
    def params(self) -> list[str]:
        return re.findall(r"<(?:\w+:)?(\w+)>", self.route)


def _join(prefix: str, piece: str) -> str:
    return prefix + piece.lstrip("^").rstrip("$") if piece else prefix


def iter_routes(patterns=None, prefix: str = "", namespace: str | None = None) -> Iterator[Route]:
    """Yield every URL pattern reachable from the root URLconf."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace])) or None
            yield from iter_routes(entry.url_patterns, _join(prefix, str(entry.pattern)), inner)
        else:
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Route(_join(prefix, str(entry.pattern)), entry, name)


def model_for_admin_route(route: str):
    """Return the model whose ModelAdmin produced an admin route (`admin/<app>/<model>/...`), if any."""
    parts = route.split("/")
    if len(parts) > 3 and parts[0] == "admin":
        for model in admin.site._registry:
            if (model._meta.app_label, model._meta.model_name) == (parts[1], parts[2]):
                return model
    return None


def field_values(name: str, limit: int = 30) -> list[str]:
    """Return existing values of any model field called `name` (candidates for a URL parameter)."""
    values: list[str] = []
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if model_field.name == name and not model_field.is_relation:
                found = model._default_manager.exclude(**{f"{name}__isnull": True}).values_list(name, flat=True)
                values.extend(str(value) for value in found.distinct()[:limit])
    return values


def model_named(name: str):
    """Return the model called `name` (e.g. `customer` for a `customer_id` parameter), if exactly one."""
    found = [model for model in apps.get_models() if model._meta.model_name == name]
    return found[0] if len(found) == 1 else None


def fill_route(route: Route, owner_model=None) -> list[str]:
    """Return URLs for a route with its parameters filled from existing rows (empty if none resolve)."""
    if not route.name:
        return []
    candidates: dict[str, list[str]] = {}
    for param in route.params:
        base = param.removesuffix("_id")
        if param in ("pk", "object_id") and owner_model is not None:
            values = [str(pk) for pk in owner_model._default_manager.order_by("pk").values_list("pk", flat=True)[:3]]
        elif param.endswith("_id") and (related := model_named(base)) is not None:
            values = [str(pk) for pk in related._default_manager.order_by("pk").values_list("pk", flat=True)[:10]]
        else:
            values = field_values(param) or ["1"]
        candidates[param] = values
    return _reverse_first(route, candidates)


def _reverse_first(route: Route, candidates: dict[str, list[str]]) -> list[str]:
    """Try parameter combinations until one reverses to a URL whose parent rows exist (bounded search)."""
    names = list(candidates)
    combos: list[dict[str, str]] = [{}]
    for name in names:
        combos = [{**combo, name: value} for combo in combos for value in candidates[name]][:200]
    for kwargs in combos:
        try:
            url = reverse(route.name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        if _parents_consistent(kwargs):
            return [url]
    return []


def _parents_consistent(kwargs: dict[str, str]) -> bool:
    """Return whether `<a>_id` parameters point at rows that belong together (a campaign of that customer)."""
    objects = {}
    for name, value in kwargs.items():
        model = model_named(name.removesuffix("_id")) if name.endswith("_id") else None
        if model is not None:
            objects[model] = model._default_manager.filter(pk=value).first()
    for model, obj in objects.items():
        for other_model, other in objects.items():
            for model_field in model._meta.concrete_fields:
                related = model_field.is_relation and model_field.related_model is other_model
                if related and obj and other and getattr(obj, model_field.attname) != other.pk:
                    return False
    return True


def resolves_to(url: str, name: str) -> bool:
    try:
        match = resolve(url.split("?")[0])
    except Resolver404:
        return False
    return match.view_name == name


@dataclass
class Target:
    """One POST (or other write) to send: what it is, where, with which body, and who lacks the right."""

    kind: str
    url: str
    data: dict = field(default_factory=dict)
    method: str = "post"
    json: bool = False
    needs: tuple = ()  # (app_label, codename) pairs the user must all hold; empty: nobody may write here
    admin_check: object = None  # callable(request) -> bool: the admin's own check, also required

    def lacks(self, user, request) -> bool:
        if not self.needs:
            return True
        if not all(user.has_perm(f"{app}.{codename}") for app, codename in self.needs):
            return True
        return self.admin_check is not None and not self.admin_check(request)
