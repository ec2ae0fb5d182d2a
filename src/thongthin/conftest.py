import os
import shutil
from pathlib import Path

import pytest

from thongthin.core.testing import FakeLine, make_locality, make_staff, services_required


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.THONGTHIN = {
        **settings.THONGTHIN,
        "PUBLIC_WRITE_RATE": "1000/60",
        "PUBLIC_COMPUTE_RATE": "1000/60",
        # Platform admins sign in with force_login in most tests; the rule has its own test.
        "REQUIRE_2FA_PLATFORM_ADMINS": False,
        # Tests never reach the real LINE: a closed local port unless `fake_line` is used.
        "LINE_API_BASE_URL": "http://127.0.0.1:9",
        "LINE_DATA_API_BASE_URL": "http://127.0.0.1:9",
    }
    settings.THONGTHIN_MODULES = {
        "complaints": {"MAP_CACHE_SECONDS": 0},
        # The route solver's first plan: the same on a fast or a busy machine.
        "care": {"ROUTE_SOLUTIONS": 1, "ROUTE_SECONDS": 60},
    }
    from django.core.cache import cache

    from thongthin.core.services import places

    cache.clear()
    # Per-process caches keyed by ids, which a rolled-back test database hands out again.
    places._CENTRES.clear()
    from django.apps import apps

    if apps.is_installed("thongthin.modules.complaints"):
        from thongthin.modules.complaints import classifier, selectors

        classifier._cache.clear()
        selectors._CLUSTERS.clear()


@pytest.fixture
def locality(db):
    return make_locality("alpha")


@pytest.fixture
def other_locality(db):
    return make_locality("beta")


@pytest.fixture
def officer(locality):
    return make_staff(locality, "officer")


@pytest.fixture
def admin(locality):
    return make_staff(locality, "locality_admin")


@pytest.fixture
def other_officer(other_locality):
    return make_staff(other_locality, "officer")


@pytest.fixture
def fake_line(settings):
    with FakeLine() as server:
        settings.THONGTHIN = {
            **settings.THONGTHIN,
            "LINE_API_BASE_URL": server.url,
            "LINE_DATA_API_BASE_URL": server.url,
        }
        yield server


# Browser tests (Playwright with Debian's Chromium), shared by the core and the modules.
def _chromium() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if services_required():
            pytest.fail(message + "; required in CI")
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=_chromium(),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 412, "height": 860}, locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


# axe-core (the npm package, installed by .ci/run under var/node) checks pages for
# accessibility; a critical or serious violation fails the test.
AXE_JS = Path(
    os.environ.get("AXE_CORE_JS")
    or Path(__file__).resolve().parents[2] / "var/node/node_modules/axe-core/axe.min.js"
)


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.exists():
        message = f"axe-core is not installed ({AXE_JS}; npm install --prefix var/node axe-core)"
        if services_required():
            pytest.fail(message + "; required in CI")
        pytest.skip(message)
    return AXE_JS.read_text()


@pytest.fixture
def axe(axe_source):
    """``axe(page)`` runs axe-core on the page as it is now and fails on any critical or serious
    violation (WCAG 2.1 A and AA rules), naming the rule and the elements."""

    def check(page) -> None:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol, which the page's CSP does not govern.
            page.evaluate(axe_source + "\n;undefined")
        result = page.evaluate(
            """() => axe.run(document, {runOnly: {type: 'tag',
                 values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
        )
        bad = [v for v in result["violations"] if v["impact"] in ("critical", "serious")]
        assert not bad, f"{page.url}: " + "; ".join(
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}" for v in bad
        )

    return check
