"""The thongthin command: localities, staff, API keys, demo idempotency, geography."""

import io
import os
import subprocess
import sys

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from thongthin.core import modules
from thongthin.core.geography_load import DATA_DIR, geography_load
from thongthin.core.models import Case, District, Locality, Province, SubDistrict, User
from thongthin.core.services.apikeys import apikey_authenticate


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_geography_ships_complete_with_its_licence():
    assert geography_load() == (77, 929, 7451)
    assert (Province.objects.count(), District.objects.count(), SubDistrict.objects.count()) == (
        77,
        929,
        7451,
    )
    assert geography_load() == (77, 929, 7451)  # idempotent
    sub = SubDistrict.objects.get(pk=800101)
    assert sub.name_th == "ในเมือง" and sub.postcode == "80000" and sub.lat == pytest.approx(8.408)
    assert "MIT License" in (DATA_DIR / "LICENSE").read_text()


@pytest.mark.django_db
def test_createlocality_createstaff_localities_and_apikey():
    geography_load()
    out = run(
        "createlocality",
        "yanyao",
        "--type",
        "subdistrict_municipality",
        "--name-th",
        "เทศบาลตำบลย่านยาว",
        "--name-en",
        "Yan Yao Subdistrict Municipality",
        "--province",
        "สุโขทัย",
        "--subdistricts",
        "640706",
    )
    assert "created yanyao" in out
    locality = Locality.objects.get(slug="yanyao")
    assert locality.departments.count() == 6 and locality.center_lat > 14
    run(
        "createstaff",
        "yy-officer",
        "--role",
        "officer",
        "--locality",
        "yanyao",
        "--department",
        "health",
        "--password",
        "s3cret-pass",
    )
    user = User.objects.get(username="yy-officer")
    assert user.department.code == "health" and user.check_password("s3cret-pass")
    assert "yanyao\t" in run("localities")
    key = run("apikey", "create", "--locality", "yanyao", "--name", "1669 bridge").strip()
    assert key.startswith("tt_") and apikey_authenticate(key).locality == locality
    with pytest.raises(CommandError):
        run("createstaff", "x", "--role", "wizard", "--locality", "yanyao", "--password", "p")
    with pytest.raises(CommandError):
        run(
            "createlocality",
            "api",
            "--type",
            "sao",
            "--name-th",
            "x",
            "--name-en",
            "x",
            "--province",
            "1",
            "--lat",
            "13.7",
            "--lon",
            "100.5",
        )
    with pytest.raises(CommandError, match="location_outside_thailand"):
        run("createlocality", "faraway", "--type", "sao", "--name-th", "x", "--name-en", "x",
            "--province", "1", "--lat", "40.7", "--lon", "-74.0")  # fmt: skip
    assert not Locality.objects.filter(slug="faraway").exists()


@pytest.mark.slow  # loads every module's demo twice (~25 s); runs in CI's full suites
@pytest.mark.django_db(transaction=True)  # builds the schema: no test transaction around it
def test_demo_twice_does_not_duplicate():
    run("demo", "--no-serve")
    counts = (Locality.objects.count(), User.objects.count(), Case.objects.unscoped().count())
    assert counts[0] >= 2 and counts[2] > 0
    roles = set(User.objects.values_list("role", flat=True))
    # Every role of the installed modules (dispatcher and responder come with EMS).
    assert set(modules.roles()) <= roles
    assert {"platform_admin", "locality_admin", "executive", "officer"} <= roles
    assert "Demo data already there" in run("demo", "--no-serve")
    assert (
        Locality.objects.count(),
        User.objects.count(),
        Case.objects.unscoped().count(),
    ) == counts


def test_the_console_script_is_installed():
    result = subprocess.run(
        [sys.executable, "-m", "thongthin.cli", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "demo" in result.stdout and "apikey" in result.stdout


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow  # builds a database of its own and starts a real server (~15 s)
@pytest.mark.skipif(
    not apps.is_installed("thongthin.modules.complaints"), reason="Open311 comes with complaints"
)
@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="runs once, in the SQLite run: it tests the server's address, not the database",
)
def test_served_links_point_at_the_port_the_server_listens_on(tmp_path):
    """`thongthin serve --port P` (and demo, which serves the same way) gives out links on P."""
    import json
    import time
    import urllib.request

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("PUBLIC_BASE_URL", "DATABASE_URL")}
    env["THONGTHIN_VAR_DIR"] = str(tmp_path)
    cli = [sys.executable, "-m", "thongthin.cli"]
    build = (
        "import django; django.setup(); from thongthin.core.db.schema import schema_ready as r; r()"
    )
    subprocess.run([sys.executable, "-c", build], env={**env, "DJANGO_SETTINGS_MODULE": (
        "thongthin.config.settings")}, check=True)  # fmt: skip
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port), "--workers", "1", "--insecure-cookies"], env=env
    )
    try:
        url = f"http://127.0.0.1:{port}/open311/v2/discovery.json"
        # The first start collects and compresses the static files: seconds on an idle
        # machine, much more on a busy CI runner; wait on a deadline, not a count of tries.
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 - our server
                    body = json.load(answer)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"the server stopped (exit status {server.returncode})")
                if time.monotonic() > deadline:
                    pytest.fail("the server did not answer within 180 s")
                time.sleep(0.25)
        assert {e["url"].split("/open311")[0] for e in body["endpoints"]} == {
            f"http://127.0.0.1:{port}"
        }
        _static_files_are_hashed_compressed_and_kept(f"http://127.0.0.1:{port}")
    finally:
        server.terminate()
        server.wait(timeout=10)


def _static_files_are_hashed_compressed_and_kept(base: str) -> None:
    """What `serve` collected at start: pages link static files under names with a hash of
    their content, sent gzipped and cacheable for ten years; Leaflet's marker images (which it
    finds by their plain names) are there too."""
    import re
    import urllib.request

    with urllib.request.urlopen(f"{base}/staff/login/", timeout=5) as answer:  # noqa: S310
        page = answer.read().decode()
    stylesheet = re.search(r'href="(/static/thongthin/site\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "the stylesheet is not linked under a hashed name"
    request = urllib.request.Request(  # noqa: S310 - our server
        base + stylesheet.group(1), headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310
        assert answer.headers["Content-Encoding"] == "gzip"
        assert "immutable" in answer.headers["Cache-Control"]
        assert "max-age=315360000" in answer.headers["Cache-Control"]
    plain = f"{base}/static/leaflet/images/marker-icon.png"
    with urllib.request.urlopen(plain, timeout=5) as answer:  # noqa: S310
        assert answer.status == 200 and "immutable" not in answer.headers["Cache-Control"]
