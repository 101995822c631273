"""Role integrity: a user who lacks a permission changes nothing, through any admin POST or API write.

Everything is discovered at run time, so a new model admin, action, admin view or API endpoint is
covered without editing this file:
- every ModelAdmin in `admin.site._registry`: add, change, delete, a real history version page, and
  each of its actions (POST to the changelist with `action=<name>` and a selected row);
- every other named admin URL (each admin's `get_urls()`, the site's own views, views mounted under
  `/admin/`), its parameters filled with existing rows or with links found on the admin's pages;
- every DRF write (POST/PUT/PATCH/DELETE) under `/api/`, list, detail and extra-action routes.
Bodies are well-formed: forms are harvested from the pages a superuser sees, API bodies from the
OpenAPI schema. Each role (data protection contact, request handler, auditor, a non-staff user, an
anonymous visitor) sends every write it lacks the permission for; the database must stay byte-for-byte
the same (a digest of every table's rows) and no file may appear or vanish under MEDIA_ROOT.
"""

import datetime as dt
import re
from collections import Counter
from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser, Group, Permission, User
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from rest_framework.views import APIView

from callnex_compliance import roles

from . import integrity
from .integrity import Target

WRITE_METHODS = ("post", "put", "patch", "delete")
STANDARD_ADMIN_VIEWS = ("changelist", "add", "history", "delete", "change", "simple_history")
# The admin site's self-service views: every user may log in or out and change their own password.
SELF_SERVICE = {"admin:login", "admin:logout", "admin:password_change", "admin:password_change_done"}
FILLER = "role-integrity"


@pytest.fixture
def every_model_has_rows(db, settings):
    """The demo data, plus a row for the models the demo leaves empty (tokens, task results, devices...)."""
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": False}
    call_command("load_demo", stdout=StringIO())
    call_command("setup_schedules", stdout=StringIO())
    _rows_the_demo_leaves_empty()


def _rows_the_demo_leaves_empty():
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_q.models import OrmQ, Task
    from rest_framework.authtoken.models import Token

    from retention.models import PurgeRun
    from rights_requests import services as rr
    from rights_requests.models import Instruction, Right, RightsRequest, SuppressionEntry
    from subprocessors.models import NoticeDelivery, Objection, SubprocessorChange
    from tests.factories import ContactFactory
    from tests.factories.rights_requests import instruct, request_via_intake
    from tests.factories.subprocessors import SubscriptionFactory

    owner = User.objects.create_user("integrity-owner", is_staff=True)
    Token.objects.create(user=owner)
    TOTPDevice.objects.create(user=owner, name="phone")
    StaticDevice.objects.create(user=owner, name="backup")
    now = timezone.now()
    for success in (True, False):
        Task.objects.create(
            id=f"{int(success)}" * 32, name=f"task-{success}", func="math.floor", args=(1.5,), kwargs={},
            started=now, stopped=now, success=success,
        )  # fmt: skip
    OrmQ.objects.create(key="default", payload="integrity", lock=None)
    AccessAttempt.objects.create(username="x", ip_address="127.0.0.1", user_agent="t", failures_since_start=1)
    AccessLog.objects.create(username="x", ip_address="127.0.0.1", user_agent="t")
    AccessFailureLog.objects.create(username="x", ip_address="127.0.0.1", user_agent="t", locked_out=False)
    PurgeRun.objects.create(trigger="manual", started_at=now, heartbeat_at=now, host="test", pid=1, status="succeeded")
    rr.calendar_feed_issue(user=owner)
    customer = ContactFactory(email="integrity@example.be").campaign.customer
    access = request_via_intake(rights=[Right.ACCESS], requester_email="integrity@example.be", requester_phone="")
    rr.rights_request_verify_identity(rights_request=access, actor=owner)
    rr.rights_request_link_matches(rights_request=access, actor=owner)
    instruct(access, customer, Instruction.EXPORT, actor=owner)  # campaign data is exported on its instruction
    rr.rights_request_export(rights_request=access, actor=owner, customer=customer)
    _a_file_under_art_15_4_review(owner)
    SuppressionEntry.objects.create(phone_hash="0" * 64, rights_request=RightsRequest.objects.first())
    change = SubprocessorChange.objects.order_by("pk").first()
    subscription = SubscriptionFactory(confirmed_at=now)
    NoticeDelivery.objects.create(change=change, subscription=subscription)
    objection = Objection.objects.create(
        change=change, subscription=subscription, organisation="Acme", reason="Test objection"
    )
    _rows_of_the_dpa_breach_and_pack_registers(owner, change, objection, now)
    _rows_of_the_mailbox(now)
    for model, model_admin in admin.site._registry.items():  # rows loaded by data migrations have no history yet
        manager = getattr(model, getattr(model._meta, "simple_history_manager_attribute", ""), None)
        if hasattr(model_admin, "history_form_view") and manager is not None and not manager.exists():
            manager.bulk_history_create([model._default_manager.order_by("pk").first()])


def _a_file_under_art_15_4_review(owner):
    """A customer part CallNex delivers to the person, one recording decided and its transcript still open."""
    from rights_requests import services as rr
    from rights_requests.models import Right
    from rights_requests.selectors import brussels_today
    from tests.factories import ContactFactory
    from tests.factories.platform_data import CallRecordFactory, CallRecordingFactory, TranscriptFactory
    from tests.factories.rights_requests import request_via_intake

    contact = ContactFactory(email="review@example.be")
    call = CallRecordFactory(campaign=contact.campaign, contact=contact)
    recording, _ = CallRecordingFactory(call=call), TranscriptFactory(call=call)
    request = request_via_intake(rights=[Right.ACCESS], requester_email="review@example.be", requester_phone="")
    rr.rights_request_link_matches(rights_request=request, actor=owner)
    rr.rights_request_forward_to_controller(rights_request=request, actor=owner)
    rr.forwarding_record_instruction(
        rights_request=request, customer=contact.campaign.customer, actor=owner, instruction="export",
        received_on=brussels_today(), deliver_to_person=True,
    )  # fmt: skip
    owner.is_superuser = True  # the review needs the file-review permission
    rr.file_review_decide(
        rights_request=request, customer=contact.campaign.customer, kind="recording", file_id=recording.pk,
        decision="release", actor=owner,
    )  # fmt: skip
    owner.is_superuser = False


def _rows_of_the_mailbox(now):
    """A triaged message with its .eml and an attachment, and an inquiry (subject patterns come from a migration)."""
    from django.core.files.base import ContentFile

    from mail_intake.models import InboundMessage, Inquiry, MessageAttachment

    inquiry = Inquiry.objects.create(from_address="asker@example.be", subject="Data Protection", received_at=now)
    InboundMessage.objects.create(received_at=now, subject="Data Protection", inquiry=inquiry, status="inquiry")
    triaged = InboundMessage(received_at=now, from_address="someone@example.be", subject="Hello", body_text="Hi")
    triaged.eml.save("integrity.eml", ContentFile(b"From: someone@example.be\r\n\r\nHi\r\n"), save=False)
    triaged.save()
    attachment = MessageAttachment(message=triaged, filename="note.txt", size=2)
    attachment.file.save("integrity.bin", ContentFile(b"hi"))


def _rows_of_the_dpa_breach_and_pack_registers(owner, change, objection, now):
    from breaches.models import BreachSettings
    from callnex_compliance.platform_data.models import Customer
    from evidence_packs.models import EvidencePack
    from subprocessors.models import CustomerExclusion, DpaRequest, Offboarding
    from tests.factories.breaches import incident

    customer = Customer.objects.order_by("pk").first()
    CustomerExclusion.objects.create(
        subprocessor=change.subprocessor, customer=customer, objection=objection,
        reason=CustomerExclusion.Reason.choices[0][0], created_at=now,
    )  # fmt: skip
    DpaRequest.objects.create(
        company="Acme BV", requester_name="Integrity", email="dpa@example.be", status=DpaRequest.Status.CONFIRMED,
        confirmed_at=now,
    )
    Offboarding.objects.create(
        customer=customer, choice=Offboarding._meta.get_field("choice").choices[0][0],
        contract_ended_on=now.date(), delete_by=now.date(),
    )  # fmt: skip
    EvidencePack.objects.create(
        period_from=now.date(), period_to=now.date(), generated_by=owner, generated_at=now,
        generator_version="test", files=1, size_bytes=1, sha256="0" * 64,
    )  # fmt: skip
    BreachSettings.objects.get_or_create(pk=1)
    incident(actor=owner)


class Harvest:
    """A superuser's view of the admin: the forms it would submit and the links it sees."""

    def __init__(self):
        user = User.objects.create_superuser("integrity-superuser", "su@example.com", "x")
        self.client = Client(raise_request_exception=False)
        self.client.force_login(user)
        self.request = RequestFactory().get("/admin/")
        self.request.user = user
        self.links: set[str] = set()

    def form(self, url: str) -> dict:
        response = self.client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            return {}
        form, links = integrity.parse_page(response.content.decode())
        self.links |= links
        form.pop("csrfmiddlewaretoken", None)
        return form

    def action_form(self, url: str, base: dict) -> dict:
        """Return the fields of an action's intermediate form, found inside a rolled-back transaction."""
        with transaction.atomic():
            first_step = {key: value for key, value in base.items() if key not in ("post", "apply")}
            response = self.client.post(url, first_step)
            transaction.set_rollback(True)
        if response.status_code != 200:
            return {}
        form, _ = integrity.parse_page(response.content.decode())
        form.pop("csrfmiddlewaretoken", None)
        return {name: [value or FILLER for value in values] for name, values in form.items()}


def _history_version(model, obj):
    """Return a real history row of an existing object (the object's own, else any other's)."""
    history = getattr(model, model._meta.simple_history_manager_attribute).model
    rows = history.objects.order_by("history_id")
    pk = model._meta.pk.attname
    existing = model._default_manager.values("pk")
    return rows.filter(**{pk: obj.pk}).first() or rows.filter(**{f"{pk}__in": existing}).first()


def _needs(model, *codenames) -> tuple:
    app = model._meta.app_label
    existing = set(Permission.objects.filter(content_type__app_label=app).values_list("codename", flat=True))
    return tuple((app, codename) for codename in codenames if codename in existing)


def _may(model_admin, permissions):
    """Return the admin's own check for an action's declared permissions."""
    return lambda request: all(getattr(model_admin, f"has_{p}_permission")(request) for p in permissions)


def admin_targets(harvest: Harvest) -> tuple[list[Target], Counter]:
    """Return every add, change, delete, history-version and action POST of every registered ModelAdmin."""
    targets, registered = [], Counter()
    for model, model_admin in admin.site._registry.items():
        registered["model admins"] += 1
        meta, prefix = model._meta, f"admin:{model._meta.app_label}_{model._meta.model_name}"
        obj = model_admin.get_queryset(harvest.request).order_by("pk").first()
        assert obj is not None, f"{meta.label} has no row: add one to the fixture so its admin URLs are exercised"
        add_url, change_url = reverse(f"{prefix}_add"), reverse(f"{prefix}_change", args=[obj.pk])
        name = meta.model_name
        targets += [
            Target("add", add_url, {**harvest.form(add_url), "_save": "Save"}, needs=_needs(model, f"add_{name}"),
                   admin_check=model_admin.has_add_permission),
            Target("change", change_url, {**harvest.form(change_url), "_save": "Save"},
                   needs=_needs(model, f"change_{name}"),
                   admin_check=lambda request, ma=model_admin, o=obj: ma.has_change_permission(request, o)),
            Target("delete", reverse(f"{prefix}_delete", args=[obj.pk]), {"post": "yes"},
                   needs=_needs(model, f"delete_{name}"),
                   admin_check=lambda request, ma=model_admin, o=obj: ma.has_delete_permission(request, o)),
        ]  # fmt: skip
        registered.update(["add", "change", "delete"])
        if hasattr(model_admin, "history_form_view"):
            registered["history versions"] += 1
            version = _history_version(model, obj)
            assert version is not None, f"{meta.label} has no history row: create one through a save"
            url = reverse(f"{prefix}_simple_history", args=[getattr(version, meta.pk.attname), version.history_id])
            targets.append(Target("history versions", url, harvest.form(url)))  # nobody saves through history
        changelist = reverse(f"{prefix}_changelist")
        harvest.form(changelist)
        for function, action, _ in model_admin._get_base_actions():
            registered["actions"] += 1
            permissions = getattr(function, "allowed_permissions", None) or ("change",)
            base = {"action": action, "_selected_action": [str(obj.pk)], "index": "0", "post": "yes", "apply": "1"}
            data = {**harvest.action_form(changelist, base), **base}
            needs = _needs(model, *(f"{permission}_{name}" for permission in permissions))
            targets.append(Target("actions", changelist, data, needs=needs, admin_check=_may(model_admin, permissions)))
    return targets, registered


def custom_admin_targets(harvest: Harvest) -> tuple[list[Target], int]:
    """Return a POST for every other named admin URL: each admin's get_urls(), the site's views, /admin/..."""
    standard = {
        f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"
        for model in admin.site._registry
        for view in STANDARD_ADMIN_VIEWS
    }
    routes = [
        route
        for route in integrity.iter_routes()
        if route.route.startswith("admin/") and route.name and route.name not in standard | SELF_SERVICE
    ]
    for route in routes:  # open the change pages of the rows these views act on, to find their real links
        owner = integrity.model_for_admin_route(route.route)
        if owner is not None and route.params:
            prefix = f"admin:{owner._meta.app_label}_{owner._meta.model_name}"
            for pk in owner._default_manager.order_by("pk").values_list("pk", flat=True)[:12]:
                harvest.form(reverse(f"{prefix}_change", args=[pk]))
    targets = []
    for route in routes:
        owner = integrity.model_for_admin_route(route.route)
        urls = sorted({link.split("?")[0] for link in harvest.links if integrity.resolves_to(link, route.name)})
        urls = urls or integrity.fill_route(route, owner)
        assert urls, f"could not build a URL for {route.route} ({route.name}): give it rows or a link in the admin"
        needs = _needs(owner, f"change_{owner._meta.model_name}") if owner is not None else ()
        targets.extend(Target("admin views", url, harvest.form(url), needs=needs) for url in urls)
    return targets, len(routes)


def _example(schema: dict, components: dict, depth: int = 0):
    """Return a value valid for an OpenAPI schema (enough to reach the view's own checks)."""
    if "$ref" in schema:
        return _example(components[schema["$ref"].rsplit("/", 1)[1]], components, depth + 1)
    for combined in ("allOf", "oneOf", "anyOf"):
        if combined in schema:
            return _example(schema[combined][0], components, depth + 1)
    if "enum" in schema:
        return next((value for value in schema["enum"] if value not in (None, "")), None)
    kind = schema.get("type")
    if kind == "object" and depth < 4:
        properties = schema.get("properties", {})
        return {name: _example(prop, components, depth + 1) for name, prop in properties.items()
                if not prop.get("readOnly")}  # fmt: skip
    if kind == "array":
        return [_example(schema.get("items", {}), components, depth + 1)]
    if kind == "integer":
        return 1
    if kind == "boolean":
        return True
    formats = {"date": dt.date.today().isoformat(), "date-time": timezone.now().isoformat(), "email": "ri@example.be"}
    return formats.get(schema.get("format"), FILLER)


def _schema_bodies() -> tuple[list[tuple], dict]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema.get("components", {}).get("schemas", {})
    bodies = []
    for path, operations in schema["paths"].items():
        pattern = "^" + "".join(
            "[^/]+" if part.startswith("{") else re.escape(part) for part in re.split(r"(\{[^}]+\})", path)
        ) + "$"  # fmt: skip
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            body = content.get("application/json", {}).get("schema")
            bodies.append((pattern, method, _example(body, components) if body else {}))
    return bodies, components


def api_targets(harvest: Harvest) -> tuple[list[Target], int]:
    """Return every DRF write under /api/, with a body built from the OpenAPI schema."""
    bodies, _ = _schema_bodies()
    targets, registered = [], 0
    for route in integrity.iter_routes():
        view_class = getattr(route.pattern.callback, "cls", None)
        if not route.route.startswith("api/") or not (view_class and issubclass(view_class, APIView)):
            continue
        mapping = getattr(route.pattern.callback, "actions", None)
        methods = [m for m in mapping if m in WRITE_METHODS] if mapping else [
            m for m in WRITE_METHODS if hasattr(view_class, m)]  # fmt: skip
        queryset = getattr(view_class, "queryset", None)
        model = queryset.model if queryset is not None else None
        for method in methods:
            registered += 1
            urls = integrity.fill_route(route, model)
            assert urls, f"could not build a URL for {route.route}: give it rows"
            url = urls[0]
            body = next((b for pattern, m, b in bodies if m == method and re.match(pattern, url)), {})
            if method in ("put", "patch"):
                detail = harvest.client.get(url)
                if detail.status_code == 200 and detail.get("Content-Type", "").startswith("application/json"):
                    body = {**body, **detail.json()}
            action = mapping.get(method) if mapping else None
            verb = {"create": "add", "update": "change", "partial_update": "change", "destroy": "delete"}.get(
                action, {"post": "add", "put": "change", "patch": "change", "delete": "delete"}[method]
                if action is None else "change")  # fmt: skip
            needs = _needs(model, f"{verb}_{model._meta.model_name}") if model is not None else ()
            declared = getattr(view_class, "action_permissions", {}).get(action)
            if declared:  # an extra action that declares its own permission (e.g. a handler's timeline note)
                needs = (tuple(declared.split(".", 1)),)
            targets.append(Target("API writes", url, body, method=method, json=True, needs=needs))
    return targets, registered


def _send(client: Client, target: Target):
    send = getattr(client, target.method)
    if target.json:
        return send(target.url, target.data, content_type="application/json")
    return send(target.url, target.data)


def _role_users() -> dict[str, User | None]:
    users = {
        name: User.objects.create_user(f"integrity-{name.split()[0].lower()}", is_staff=True)
        for name in (roles.DATA_PROTECTION_CONTACT, roles.REQUEST_HANDLER, roles.AUDITOR)
    }
    for name, user in users.items():
        user.groups.add(*Group.objects.filter(name=name))
    return {**users, "non-staff user": User.objects.create_user("integrity-outsider"), "anonymous": None}


def _check_role(name: str, user, targets: list[Target], covered: Counter) -> list[str]:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    request = RequestFactory().post("/admin/")
    request.user = User.objects.get(pk=user.pk) if user else AnonymousUser()
    baseline, files, problems = integrity.table_checksums(), integrity.media_fingerprint(), []
    for target in targets:
        if not target.lacks(request.user, request):
            continue
        capture = integrity.WriteCapture()
        with connection.execute_wrapper(capture):
            response = _send(client, target)
        covered[(target.kind, target.url, target.data.get("action"), target.method)] += 1
        where = f"{name}: {target.method.upper()} {target.url} {target.data.get('action') or ''}".rstrip()
        if response.status_code >= 500:
            problems.append(f"{where} -> {response.status_code}")
        if capture.tables:
            now = integrity.table_checksums()
            changed = sorted(table for table in now if now[table] != baseline.get(table))
            if changed:
                problems.append(f"{where} -> {response.status_code} changed {', '.join(changed)}")
                baseline = now
        now_files = integrity.media_fingerprint()
        if now_files != files:
            problems.append(f"{where} -> files changed: {sorted(set(now_files) ^ set(files)) or 'content'}")
            files = now_files
    final = integrity.table_checksums()
    if final != baseline:
        changed = sorted(table for table in final if final[table] != baseline.get(table))
        problems.append(f"{name}: tables changed without a captured write: {', '.join(changed)}")
    return problems


@pytest.mark.django_db
def test_no_role_changes_anything_it_lacks_the_permission_for(every_model_has_rows, settings, capsys):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    harvest = Harvest()
    model_targets, registered = admin_targets(harvest)
    view_targets, registered["admin views"] = custom_admin_targets(harvest)
    write_targets, registered["API writes"] = api_targets(harvest)
    targets = model_targets + view_targets + write_targets

    covered: Counter = Counter()
    problems = []
    for name, user in _role_users().items():
        problems += _check_role(name, user, targets, covered)

    kinds = Counter(kind for kind, *_ in covered)
    actions = len({(url, action) for kind, url, action, _ in covered if kind == "actions"})
    with capsys.disabled():
        print(
            f"\nrole integrity: {registered['model admins']} model admins "
            f"(add {kinds['add']}, change {kinds['change']}, delete {kinds['delete']}, "
            f"history versions {kinds['history versions']}), {actions} actions, "
            f"{registered['admin views']} custom admin views ({kinds['admin views']} URLs), "
            f"{kinds['API writes']} API writes; {sum(covered.values())} refused writes sent"
        )
    assert not problems, "\n".join(problems)
    assert kinds["add"] >= registered["add"] and kinds["change"] >= registered["change"]
    assert kinds["delete"] >= registered["delete"]
    assert kinds["history versions"] >= registered["history versions"]
    assert actions >= registered["actions"]
    assert kinds["admin views"] >= registered["admin views"]
    assert kinds["API writes"] >= registered["API writes"]
