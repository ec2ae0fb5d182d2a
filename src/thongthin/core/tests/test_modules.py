"""The module contract: one declaration per module, capabilities instead of role names,
modules switched on and off per locality, JSON errors under /api/, the scale-path rule."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from thongthin.core import modules
from thongthin.core.access import has_capability
from thongthin.core.errors import NotFound
from thongthin.core.modules import Capability, NavLink, Task
from thongthin.core.tenancy import TenantModel
from thongthin.core.testing import PASSWORD, make_staff, temporary_module


def _login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_every_installed_app_of_ours_declares_itself_in_a_module():
    ours = [c for c in apps.get_app_configs() if c.name.startswith("thongthin.")]
    assert ours, "no Thongthin apps installed"
    for config in ours:
        assert modules.is_installed(config.label), f"{config.name} installed no module"


def test_the_core_knows_capabilities_not_module_roles():
    declared = {role.code for m in modules.installed() for role in m.roles}
    core_roles = {role.code for role in modules.get_module("core").roles}
    assert core_roles == {"platform_admin", "locality_admin", "executive", "officer"}
    assert declared >= core_roles


@pytest.mark.django_db
def test_a_capability_is_held_only_where_the_module_is_on(locality):
    with temporary_module(
        name="probe",
        always_on=False,
        capabilities=(Capability("probe.use", "use the probe"),),
        grants={"officer": frozenset({"probe.use"})},
    ):
        officer = make_staff(locality, "officer")
        assert not has_capability(officer, locality, "probe.use")
        locality.modules_enabled = [*locality.modules_enabled, "probe"]
        locality.save()
        assert has_capability(officer, locality, "probe.use")
        assert not has_capability(make_staff(locality, "executive"), locality, "probe.use")


@pytest.mark.django_db
def test_the_staff_menu_shows_only_what_capabilities_reach(locality):
    with temporary_module(
        name="probe",
        capabilities=(Capability("probe.room", "the probe room"),),
        grants={"locality_admin": frozenset({"probe.room"})},
        staff_nav=(NavLink("staff:audit", "Probe room", capability="probe.room"),),
    ):
        officer_menu = _login(make_staff(locality, "officer")).get("/staff/").content.decode()
        admin_menu = _login(make_staff(locality, "locality_admin")).get("/staff/").content.decode()
    assert "Probe room" in admin_menu and "Probe room" not in officer_menu


@pytest.mark.django_db
def test_my_work_lists_the_modules_tasks_for_those_who_hold_their_capability(locality):
    waiting = {"n": 3}
    asked = []

    def count(*, actor, locality):
        asked.append(actor.username)
        return waiting["n"]

    with temporary_module(
        name="probe",
        always_on=False,
        capabilities=(Capability("probe.look", "look at probes"),),
        grants={"locality_admin": frozenset({"probe.look"})},
        tasks=(Task("%(n)s probe readings to look at", count, "probe.look", "staff:audit", "?x=1",
                    urgent=True),),
    ):  # fmt: skip
        admin, officer = make_staff(locality, "locality_admin"), make_staff(locality, "officer")
        assert "probe readings" not in _login(admin).get("/staff/").content.decode()  # module off
        locality.modules_enabled = [*locality.modules_enabled, "probe"]
        locality.save()
        page = _login(admin).get("/staff/").content.decode()
        assert "3 probe readings to look at" in page
        assert 'href="/staff/audit/?x=1"' in page
        assert "probe readings" not in _login(officer).get("/staff/").content.decode()
        assert officer.username not in asked  # not even counted for someone without it
        waiting["n"] = 0
        assert "probe readings" not in _login(admin).get("/staff/").content.decode()


def test_a_task_label_without_its_count_fails_the_check():
    from django.utils.translation import ngettext_lazy

    from thongthin.core.checks import check_modules

    def count(*, actor, locality):
        return 0

    plural = ngettext_lazy("%(n)s probe to look at", "%(n)s probes to look at", "n")
    with temporary_module(
        name="probe", capabilities=(Capability("probe.look", "look"),),
        tasks=(Task(plural, count, "probe.look", "staff:audit"),),
    ):  # fmt: skip
        assert not [e for e in check_modules(None) if e.id == "thongthin.E003"]
        assert str(plural % {"n": 1}) == "1 probe to look at"
    with temporary_module(
        name="probe", capabilities=(Capability("probe.look", "look"),),
        tasks=(Task("probes to look at", count, "probe.look", "staff:audit"),
               Task("%(count)s probes", count, "probe.look", "staff:audit"),
               Task("50% of probes", count, "probe.look", "staff:audit")),
    ):  # fmt: skip
        assert [e.id for e in check_modules(None)].count("thongthin.E003") == 3


@pytest.mark.django_db
def test_unknown_paths_and_wrong_methods_under_api_answer_json(client):
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert client.get("/api/nowhere/").json()["code"] == "not_found"
    wrong = client.delete("/api/v1/reference/provinces")
    assert wrong.status_code == 405 and wrong.json()["code"] == "method_not_allowed"
    assert set(wrong.json()) == {"code", "message", "detail"}


@pytest.mark.django_db
def test_a_module_page_and_api_inside_a_switched_off_module_answer_not_found(locality):
    locality.modules_enabled = []
    locality.save()
    from thongthin.core.selectors import access_locality

    with modules.serving("complaints"), pytest.raises(NotFound):
        access_locality(locality.slug)
    assert access_locality(locality.slug) == locality  # the core's own pages stay


def _unique_sets(model: type[models.Model]) -> list[tuple[str, list[str]]]:
    found = []
    for field in model._meta.local_fields:
        if field.unique and not field.primary_key:
            found.append((field.name, [field.name]))
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            found.append((constraint.name, list(constraint.fields)))
    for together in model._meta.unique_together:
        found.append(("unique_together", list(together)))
    return found


def test_every_tenant_table_keeps_locality_in_every_unique_constraint():
    """The scale path (Citus, distributed by locality) stays configuration: a tenant-owned
    table's unique constraints all include locality. Tables that are global on purpose say so
    with ``tenant_global`` and why."""
    broken, undeclared = [], []
    for model in apps.get_models():
        if not model.__module__.startswith("thongthin."):
            continue
        label = model._meta.label
        if getattr(model, "tenant_global", ""):
            continue
        has_locality = any(f.name == "locality" for f in model._meta.local_fields)
        if not (issubclass(model, TenantModel) or has_locality):
            undeclared.append(label)
            continue
        for name, fields in _unique_sets(model):
            if "locality" not in fields:
                broken.append(f"{label}: {name} {fields}")
    assert not broken, "unique constraints without locality: " + "; ".join(broken)
    assert not undeclared, "neither tenant-owned nor declared global: " + ", ".join(undeclared)


def test_every_declared_label_reads_in_thai_and_the_citizens_ones_in_malay():
    """A label behind a helper function never reaches the catalogue; this finds it."""
    import re

    from thongthin.core.i18n import render_in
    from thongthin.core.workflow import case_kinds

    thai = re.compile("[\u0e00-\u0e7f]")
    staff, citizen = [], []
    for module in modules.installed():
        staff += [module.label, *[c.label for c in module.capabilities]]
        staff += [r.label for r in module.roles] + [a.label for a in module.audit_actions]
        staff += [link.label for link in module.staff_nav] + [e.label for e in module.event_kinds]
        citizen += [link.label for link in module.portal_nav]
        citizen += [e.public_label or e.label for e in module.event_kinds if e.public]
    for kind in case_kinds():
        citizen += [kind.name, *[s.label for s in kind.workflow.states]]
        staff += [a.label for a in kind.workflow.actions]
    not_thai = [
        render_in("en", label)
        for label in staff + citizen
        if not thai.search(render_in("th", label))
    ]
    assert not not_thai, f"labels without Thai: {not_thai}"
    not_malay = [
        render_in("en", label)
        for label in citizen
        if render_in("ms", label) == render_in("en", label)
    ]
    assert not not_malay, f"citizen-side labels without Malay: {not_malay}"


@pytest.mark.django_db
def test_the_openapi_document_describes_every_answer(client):
    """Every operation declares a typed schema for each status it answers: no bare objects
    (a ``dict`` response), and the error statuses in the {code, message, detail} shape."""
    spec = client.get("/api/v1/openapi.json").json()
    schemas = spec["components"]["schemas"]

    def resolve(schema: dict) -> dict:
        while "$ref" in schema:
            schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
        return schema

    def untyped(schema: dict) -> bool:
        schema = resolve(schema)
        if schema.get("type") == "array":
            return untyped(schema.get("items", {}))
        return schema.get("type") == "object" and not schema.get("properties")

    problems = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            responses = operation.get("responses", {})
            where = f"{method.upper()} {path}"
            if not any(code.startswith("2") for code in responses):
                problems.append(f"{where}: no success response")
            for code, answer in responses.items():
                content = answer.get("content", {}).get("application/json")
                if content is None or untyped(content.get("schema", {})):
                    problems.append(f"{where} {code}: untyped")
            takes_input = operation.get("parameters") or operation.get("requestBody")
            if takes_input and "422" not in responses:
                problems.append(f"{where}: 422 (bad input) not listed")
    assert not problems, "\n".join(problems)
    error = resolve({"$ref": "#/components/schemas/Error"})
    assert set(error["properties"]) == {"code", "message", "detail"}


def test_every_module_follows_the_one_layout():
    """docs/modules.md: the files every module has, so a newcomer finds things in one place."""
    from pathlib import Path

    required = ["apps.py", "module.py", "services/__init__.py", "api/__init__.py",
                "views/__init__.py", "urls.py", "demo.py", "tests", "templates", "locale/th",
                "locale/ms"]  # fmt: skip
    for config in apps.get_app_configs():
        if not config.name.startswith("thongthin.modules."):
            continue
        root = Path(config.path)
        missing = [p for p in required if not (root / p).exists()]
        # A module file or, once it grows past ~500 lines, a package of the same name.
        missing += [
            name
            for name in ("models", "selectors")
            if not ((root / f"{name}.py").exists() or (root / name / "__init__.py").exists())
        ]
        assert not missing, f"{config.label} lacks {missing}"
        apps_py = (root / "apps.py").read_text()
        assert "install(MODULE)" in apps_py and apps_py.count("register") == 0


@pytest.mark.django_db
def test_a_form_sent_from_a_stale_page_says_so_in_the_reader_s_language(locality):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=make_staff(locality, "officer").username, password=PASSWORD)
    answer = client.post("/staff/", {"x": "1"}, HTTP_REFERER="https://evil.example/")
    page = answer.content.decode()
    assert answer.status_code == 403 and 'data-testid="csrf-failure"' in page
    assert "กรุณาลองอีกครั้ง" in page and "evil.example" not in page
