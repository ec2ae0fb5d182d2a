import pytest

from thongthin.core.testing import FakeLine, make_locality, make_staff


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.THONGTHIN = {**settings.THONGTHIN, "PUBLIC_WRITE_RATE": "1000/60"}
    from django.core.cache import cache

    cache.clear()


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
