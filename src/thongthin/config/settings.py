"""Thongthin settings, read from environment variables (12-factor).

Defaults give a working single-อปท. install: SQLite under ./var/, files on disk, DEBUG off.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("THONGTHIN_VAR_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """SECRET_KEY from the environment, or one generated once and kept under ./var/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


SECRET_KEY = _secret_key()
# A separate key for hashing national IDs, so rotating SECRET_KEY does not orphan them.
NATIONAL_ID_HASH_KEY = os.environ.get("NATIONAL_ID_HASH_KEY", SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "thongthin.core.views.errors.csrf_failure"

# Behind an HTTPS proxy the cookies are secure and browsers are told to keep to HTTPS (HSTS);
# `thongthin demo` on plain http turns this off. X-Forwarded-Proto is believed only from
# THONGTHIN_TRUSTED_PROXIES (uvicorn applies it, see `thongthin serve`).
SECURE_COOKIES = env_bool("SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_HSTS_SECONDS = (
    int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if SECURE_COOKIES else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = False  # a locality's own sub-sites may still be on http
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts only from this site; map tiles from
# OpenStreetMap; inline scripts need the request's nonce; no frames, no plugins.
MAP_TILES_ORIGIN = os.environ.get("THONGTHIN_MAP_TILES_ORIGIN", "https://tile.openstreetmap.org")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        # style="width: 40%" on statistics bars and the map library's own element styles.
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", MAP_TILES_ORIGIN],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    # django-ninja's own copy of Swagger UI (static files here, not a CDN the CSP would block).
    "ninja",
    "csp",
    # Logins: failed attempts throttled (django-axes), a second factor (django-otp: TOTP apps
    # and one-time recovery codes).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "thongthin.core",
    # Modules: each line can be removed and the rest keeps working (THONGTHIN_WITHOUT=ems,...
    # leaves modules out without editing this file; CI runs the suite that way for each one).
    *[
        f"thongthin.modules.{name}"
        for name in ("complaints", "ems", "warroom", "eservices", "care")
        if name not in env_list("THONGTHIN_WITHOUT")
    ],
    *env_list("THONGTHIN_EXTRA_APPS"),
]

MIDDLEWARE = [
    # Static files first: async, answered on the event loop without entering Django's stack.
    "servestatic.middleware.ServeStaticMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Oversized, unparseable and NUL-laden requests answered 4xx before any view reads them.
    "thongthin.core.middleware.RequestLimitsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff whose locality asks for a second factor verify it before anything else.
    "thongthin.core.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Django's own 404/405 pages under /api/ in the API's error shape.
    "thongthin.core.middleware.ApiErrorMiddleware",
    "axes.middleware.AxesMiddleware",
    # Keeps the chain above in sync mode under ASGI (see its docstring).
    "thongthin.core.middleware.SyncChainMiddleware",
]

ROOT_URLCONF = "thongthin.config.urls"
ASGI_APPLICATION = "thongthin.config.asgi.application"
WSGI_APPLICATION = "thongthin.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        return {
            # Django's SQLite backend with a queue for writers (thongthin/core/db/sqlite).
            "ENGINE": "thongthin.core.db.sqlite",
            "NAME": str(VAR_DIR / "thongthin.sqlite3"),
            "OPTIONS": {
                # WAL (set once on the file after migrate, see core.apps) lets readers run
                # beside the one writer; IMMEDIATE takes the write lock at BEGIN so concurrent
                # writers queue (up to ``timeout`` seconds) instead of failing mid-transaction.
                # mmap: pages other connections changed are read from memory, not with one
                # pread() each (a write elsewhere empties every connection's page cache).
                "init_command": "PRAGMA synchronous=NORMAL; PRAGMA mmap_size=1073741824",
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            },
            # Test databases get their tables straight from the models (seconds, not the 30-40 s
            # of replaying every migration); core/tests/test_schema.py proves both ways give
            # the same schema, and the PostgreSQL run still applies the migrations.
            "TEST": {"NAME": str(VAR_DIR / "test-thongthin.sqlite3"), "MIGRATE": False},
            # Request threads are reused (config/handler.py), so their connections can be too.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
        }
    # Request threads are long-lived (config/handler.py), so by default each keeps its
    # connection; DATABASE_POOL=1 uses psycopg's pool instead (e.g. behind PgBouncer limits).
    config = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_POOL", False):
        config["CONN_MAX_AGE"] = 0
        config.setdefault("OPTIONS", {})["pool"] = {
            "min_size": int(os.environ.get("DATABASE_POOL_MIN", "2")),
            "max_size": int(os.environ.get("DATABASE_POOL_MAX", "10")),
            "timeout": 10,
        }
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out account before the password is even checked.
    "thongthin.core.auth.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Locked after 8 wrong passwords for an account, or from an address, for 15 minutes; each
# lock and each unlock goes to the audit log. The address is the one core.http trusts.
AXES_FAILURE_LIMIT = int(os.environ.get("THONGTHIN_LOGIN_FAILURES", "8"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("THONGTHIN_LOGIN_LOCK_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A success does not clear the failures: one log-in to an account of one's own would otherwise
# wipe the address's count between guesses at others.
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "thongthin.core.http.client_network"
AXES_LOCKOUT_CALLABLE = "thongthin.core.views.auth.locked_out"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Thongthin"
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:queue"
LOGOUT_REDIRECT_URL = "staff:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Thai first, English second; Malay (Rumi script) for the citizen side, spoken at home in much of
# the deep south. Catalogues live in each app's locale/ folder.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English"), ("ms", "Bahasa Melayu")]
# The languages staff pages are written in; the citizen side adds Malay.
STAFF_LANGUAGES = ["th", "en"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Leaflet comes from the django-leaflet package; only its static files are used, because its
# app imports GeoDjango, which needs the GDAL system library.
_leaflet = importlib.util.find_spec("leaflet")
STATICFILES_DIRS = (
    [Path(_leaflet.submodule_search_locations[0]) / "static"]
    if _leaflet and _leaflet.submodule_search_locations
    else []
)
# Serve straight from the app folders when collectstatic has not run (tests, first start).
SERVESTATIC_USE_FINDERS = True
SERVESTATIC_MAX_AGE = 3600
# `thongthin serve` and `demo` collect the static files when they start and set this: each
# file then also has a name with a hash of its content and gzip copies, and those names are
# cached by browsers for ten years, "immutable" (a change makes a new name). A name missing
# from the manifest falls back to the plain file rather than failing the page.
if env_bool("THONGTHIN_STATIC_COLLECTED", False):
    STORAGES["staticfiles"] = {
        "BACKEND": "servestatic.storage.CompressedManifestStaticFilesStorage"
    }
    SERVESTATIC_USE_FINDERS = False
    SERVESTATIC_MANIFEST_STRICT = False
    # gzip copies only: Brotli at its best setting took ~100 s of CPU for the 24 MB of API-docs
    # bundles on a 2-core VM, doubling the demo's start; set THONGTHIN_STATIC_BROTLI=1 for
    # Brotli copies too (collected once per change of the files, then kept).
    SERVESTATIC_USE_BROTLI = env_bool("THONGTHIN_STATIC_BROTLI", False)

DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Thongthin ---------------------------------------------------------------------------
THONGTHIN: dict[str, Any] = {
    # LINE Messaging API base; tests point it at a local server that speaks LINE's protocol.
    "LINE_API_BASE_URL": os.environ.get("LINE_API_BASE_URL", "https://api.line.me"),
    # Message content (photos users send) comes from LINE's separate data host.
    "LINE_DATA_API_BASE_URL": os.environ.get("LINE_DATA_API_BASE_URL", "https://api-data.line.me"),
    "SMS_GATEWAY_URL": os.environ.get("SMS_GATEWAY_URL", ""),
    "SMS_GATEWAY_TOKEN": os.environ.get("SMS_GATEWAY_TOKEN", ""),
    # Channel used when a citizen has no LINE or phone: "console" in the demo, "" for none.
    "FALLBACK_CHANNEL": os.environ.get("NOTIFY_FALLBACK_CHANNEL", "console"),
    "UPLOAD_MAX_BYTES": int(os.environ.get("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024))),
    # A whole request (several photos and the form); refused unread above it (413).
    # The open-data downloads (complaints CSV/GeoJSON) are rebuilt at most this often.
    "OPEN_DATA_MAX_AGE_SECONDS": int(os.environ.get("THONGTHIN_OPEN_DATA_MAX_AGE", "300")),
    "MAX_REQUEST_BYTES": int(os.environ.get("THONGTHIN_MAX_REQUEST_BYTES", str(40 * 1024 * 1024))),
    # A JPEG photo up to 40 million pixels (decoded at most 4096 px a side); other images must
    # be decodable whole within 12 million pixels and 64 MB of memory.
    "UPLOAD_MAX_PIXELS": int(os.environ.get("UPLOAD_MAX_PIXELS", str(40_000_000))),
    "UPLOAD_MAX_DECODE_PIXELS": int(os.environ.get("UPLOAD_MAX_DECODE_PIXELS", str(12_000_000))),
    "UPLOAD_MAX_DECODE_BYTES": int(os.environ.get("UPLOAD_MAX_DECODE_BYTES", str(64 * 2**20))),
    "PUBLIC_WRITE_RATE": os.environ.get("PUBLIC_WRITE_RATE", "10/60"),  # requests/seconds per IP
    # CPU-heavy public reads (classifying a text, nearby reports): requests/seconds per IP.
    "PUBLIC_COMPUTE_RATE": os.environ.get("PUBLIC_COMPUTE_RATE", "60/60"),
    # Platform admins and superusers must use a second factor (the demo turns this off);
    # localities decide for their own staff.
    "REQUIRE_2FA_PLATFORM_ADMINS": env_bool("THONGTHIN_REQUIRE_2FA_ADMINS", True),
    "OUTBOX_MAX_BACKOFF_SECONDS": 3600,
    # Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (addresses or networks,
    # comma-separated); none by default, so no client can claim another address.
    "TRUSTED_PROXIES": env_list("THONGTHIN_TRUSTED_PROXIES"),
    # Where every link the site gives out points (tracking links, CAP, Open311, the LINE webhook
    # URL): PUBLIC_BASE_URL when set, else the address `serve`/`demo` was started on.
    "PUBLIC_BASE_URL": (
        os.environ.get("PUBLIC_BASE_URL")
        or os.environ.get("THONGTHIN_SERVED_AT")
        or "http://127.0.0.1:8000"
    ).rstrip("/"),
    "H3_RESOLUTION": 9,
    # Who runs this installation (an e-mail or phone): Open311 discovery's contact.
    "OPERATOR_CONTACT": os.environ.get("THONGTHIN_CONTACT")
    or os.environ.get("DEFAULT_FROM_EMAIL", "thongthin@localhost"),
}

# Modules declare their own settings (name, default, environment variable) in their module.py;
# values here win: {"ems": {"ROAD_FACTOR": 1.3}}. `thongthin modules` lists them.
THONGTHIN_MODULES: dict[str, dict[str, Any]] = {}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "thongthin@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "thongthin": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
        # A 500's traceback goes to the log (Django only mails it to ADMINS otherwise).
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
