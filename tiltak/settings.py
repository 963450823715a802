"""Settings for tiltak, read from the environment (see README.md, "Configuration")."""

import os
import secrets
from pathlib import Path

from csp import constants as csp_constants
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from tiltak.lib.datadir import data_dir_from_env, database_from_env, read_secret_key, served_address
from tiltak.lib.env import (
    LOG_LEVELS,
    EnvError,
    env_bool,
    env_choice,
    env_email,
    env_file,
    env_host,
    env_hosts,
    env_int,
    env_keyword,
    env_oidc,
    env_origins,
    env_path,
    env_redis_url,
    env_secret,
    env_str,
    env_url,
)
from tiltak.lib.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent

# Reading the settings only reads: the environment and, if `tiltak init` made one, the data folder's secret key.
# Creating the folder, the SQLite file and the key is `tiltak init`'s and `tiltak serve`'s (tiltak/cli.py).


def _secret_key(data_dir: Path) -> str:
    """From the environment; otherwise the one `tiltak init` generated into the data dir (never in the repository).

    Without either (a command that needs no stable key, like `tiltak parse`), a key for this process only.
    """
    key = env_secret("TILTAK_SECRET_KEY")
    if key is not None:
        if len(key) < 32:
            raise EnvError("TILTAK_SECRET_KEY is too short: use at least 32 random characters")
        return key
    return read_secret_key(data_dir) or secrets.token_urlsafe(50)


try:
    DATA_DIR = data_dir_from_env()
    SECRET_KEY = _secret_key(DATA_DIR)
    DEBUG = env_bool("TILTAK_DEBUG", False)
    ALLOWED_HOSTS = env_hosts("TILTAK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
    CSRF_TRUSTED_ORIGINS = env_origins("TILTAK_CSRF_TRUSTED_ORIGINS")
    DATABASES = {"default": database_from_env(DATA_DIR)}
    SECURE = env_bool("TILTAK_SECURE", False)
    MAX_UPLOAD_BYTES = env_int("TILTAK_MAX_UPLOAD_BYTES", 20 * 1024 * 1024, minimum=1)
    LOG_LEVEL = env_choice("TILTAK_LOG_LEVEL", "WARNING", LOG_LEVELS)
    SESSION_COOKIE_AGE = env_int("TILTAK_SESSION_SECONDS", 8 * 60 * 60, minimum=60)
    AXES_FAILURE_LIMIT = env_int("TILTAK_LOGIN_FAILURE_LIMIT", 5, minimum=1)
    AXES_COOLOFF_TIME = env_int("TILTAK_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
    AXES_ENABLED = env_bool("TILTAK_LOGIN_THROTTLING", True)
    # How many reverse proxies stand in front of tiltak, each appending to X-Forwarded-For (0: none, the header
    # is ignored). Login throttling counts failures per user name and this client address.
    TRUSTED_PROXIES = env_int("TILTAK_TRUSTED_PROXIES", 0, minimum=0, maximum=10)
    # Deadline e-mails: printed on the console unless an SMTP server is configured.
    EMAIL_HOST = env_host("TILTAK_EMAIL_HOST")
    EMAIL_PORT = env_int("TILTAK_EMAIL_PORT", 587, minimum=1, maximum=65535)
    EMAIL_HOST_USER = env_str("TILTAK_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env_secret("TILTAK_EMAIL_PASSWORD") or ""
    EMAIL_USE_TLS = env_bool("TILTAK_EMAIL_TLS", True)
    EMAIL_TIMEOUT = env_int("TILTAK_EMAIL_TIMEOUT", 20, minimum=1)
    DEFAULT_FROM_EMAIL = env_email("TILTAK_EMAIL_FROM", "tiltak@localhost")
    # Where links in e-mails point (no request to take the host from when cron runs `tiltak remind`).
    # Left unset: the address `tiltak serve` serves this data folder on (it records it there), else port 8000.
    SITE_URL = env_url("TILTAK_SITE_URL", served_address(DATA_DIR))
    # Read by the importer itself (tiltak/importer/lexicon.py); checked here so a bad value stops every command.
    LEXICON_CACHE = env_file("TILTAK_LEXICON_CACHE")
    # Where set, the page and report caches and the task queue (tiltak.reports.tasks) live in Redis.
    REDIS_URL = env_redis_url("TILTAK_REDIS_URL")
    # Sign-in: passwords (unless turned off), and single sign-on through OpenID Connect where an issuer is given.
    PASSWORD_LOGIN = env_bool("TILTAK_PASSWORD_LOGIN", True)
    OIDC = env_oidc(PASSWORD_LOGIN)
    # /metrics answers only to «Authorization: Bearer» this token (tiltak.monitoring); unset: /metrics is a 404.
    METRICS_TOKEN = env_secret("TILTAK_METRICS_TOKEN") or ""
    if METRICS_TOKEN and (len(METRICS_TOKEN) < 16 or not METRICS_TOKEN.isascii() or not METRICS_TOKEN.isprintable()
                          or " " in METRICS_TOKEN):
        raise EnvError("TILTAK_METRICS_TOKEN must be at least 16 printable ASCII characters without spaces")
    LOG_FORMAT = env_keyword("TILTAK_LOG_FORMAT", "text", ("text", "json"))
    # Collected static files (`tiltak init` fills it): in the data folder, or one folder several instances share,
    # filled once by the `tiltak init` that migrates for them all (docs/deploy).
    STATIC_ROOT = env_path("TILTAK_STATIC_DIR", str(DATA_DIR / "static"))
except EnvError as exc:
    raise ImproperlyConfigured(str(exc)) from None

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "tiltak.plans",
    "tiltak.core",
    "tiltak.importer",
    "tiltak.reports",
    "tiltak.web",
    "tiltak.portal",
    "tiltak.api",
    "tiltak.forms_xlsx",
    "tiltak.monitoring",
    "ninja",  # so the API docs page uses django-ninja's own copy of Swagger UI, not a CDN
]

MIDDLEWARE = [
    # Outermost: the request id and the metrics cover every answer, the HTTPS redirect and the refusals included.
    "tiltak.monitoring.middleware.RequestIdAndMetrics",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "tiltak.api.middleware.JsonErrorsForTheApi",
    "tiltak.middleware.RefuseLongRequestLines",
    "tiltak.middleware.RefuseNulCharacters",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tiltak.middleware.BokmalFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "tiltak.urls"
WSGI_APPLICATION = "tiltak.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# Long public lists (a plan's overview, its report page, a ministry's measures, the plans) are shown this many
# items a page (tiltak/core/paging.py): a page costs the same on 35 or 35,000 measures.
PAGE_SIZE = 100

STATIC_URL = "static/"
# Source maps (Swagger UI's) are served as they are: compressing 2 MB of them made every `tiltak init` slow.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = ["jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz",
                                       "br", "swf", "flv", "woff", "woff2", "3gp", "3gpp", "asf", "avi", "m4v", "mov",
                                       "mp4", "mpeg", "mpg", "webm", "wmv", "map"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads bigger than this are refused before they reach a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
# The probes answer over plain HTTP too: a load balancer asks the instance itself, not through the TLS proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# A strict Content-Security-Policy on every response (django-csp): scripts and styles only from our own static
# files, plus a style element that carries the request's nonce (grade colours, which are data; see
# tiltak/reports/renderers/common.py colour_rules). No inline script, no style attribute, no plugin, no <base>,
# no framing. Images: our own and data: (the report's chart is a data: SVG).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        "script-src": [csp_constants.SELF],
        "style-src": [csp_constants.SELF, csp_constants.NONCE],
        "img-src": [csp_constants.SELF, "data:"],
        "font-src": [csp_constants.SELF],
        "connect-src": [csp_constants.SELF],
        "form-action": [csp_constants.SELF],
        "object-src": [csp_constants.NONE],
        "base-uri": [csp_constants.NONE],
        "frame-ancestors": [csp_constants.NONE],
    },
}
# Features no page of tiltak uses are switched off for it and for anything it might embed.
PERMISSIONS_POLICY = {feature: [] for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "geolocation", "gyroscope",
    "magnetometer", "microphone", "midi", "payment", "picture-in-picture", "publickey-credentials-get",
    "screen-wake-lock", "sync-xhr", "usb", "xr-spatial-tracking",
)}

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Rendered reports (tiltak.reports.cache), shared by gunicorn's workers: a PDF is ~150 KB, so ~30 MB at most.
    "reports": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": DATA_DIR / "cache" / "reports", "TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 200}},
    # Published pages and downloads (tiltak.core.pagecache), shared by the workers, keyed by what they are made of.
    "pages": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
              "LOCATION": DATA_DIR / "cache" / "pages", "TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 5000}},
    # Counters that bound what anyone may ask for (tiltak.web.throttling), shared by the workers.
    # An hour: the file cache's incr() writes the count again with the cache's own timeout, not the key's.
    "throttle": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                 "LOCATION": DATA_DIR / "cache" / "throttle", "TIMEOUT": 3600, "OPTIONS": {"MAX_ENTRIES": 10000}},
}
if REDIS_URL:
    for alias in ("reports", "pages", "throttle"):
        CACHES[alias] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                         "KEY_PREFIX": f"tiltak-{alias}", "TIMEOUT": CACHES[alias].get("TIMEOUT"),
                         # A Redis that does not answer is an error in seconds (and /readyz says so), not a hang.
                         "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5}}

# One console handler, as text or one JSON object a line, every record with the request id (tiltak.monitoring).
LOGGING = logging_config(level=LOG_LEVEL, fmt=LOG_FORMAT)

# --- Accounts, permissions, login throttling, the API and e-mail (reporting rounds) -------------------------------

INSTALLED_APPS += ["axes", "rules"]
# Axes must see every request after authentication; it answers a locked-out login itself.
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before the password is checked
    "rules.permissions.ObjectPermissionBackend",  # the rules in tiltak/plans/access.py
    *(["django.contrib.auth.backends.ModelBackend"] if PASSWORD_LOGIN else []),
    "tiltak.web.oidc.SignInBackend",  # OpenID Connect; signs nobody in unless TILTAK_OIDC_ISSUER is set
]
# mozilla-django-oidc (tiltak/web/oidc.py reads the provider's endpoints from its discovery document): the code flow
# with PKCE (S256), state and nonce; the ID token's RS256 signature checked against the provider's keys, its issuer,
# audience and expiry by tiltak; no account is ever made by signing in.
OIDC_RP_CLIENT_ID = OIDC["client_id"]
OIDC_RP_CLIENT_SECRET = OIDC["client_secret"]
OIDC_RP_SCOPES = OIDC["scopes"]
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_USE_NONCE = True
OIDC_CREATE_USER = False
OIDC_STORE_ID_TOKEN = True  # the hint for the provider's sign-out
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "web:oidc_callback"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # kept so passwords stored by other hashers (a restored export, say) still verify and get rehashed
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"
# Lock the pair, so one person's typos do not lock out a whole office behind one address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
# The client's address, not the proxy's (without this axes would need django-ipware and, lacking it, would count
# every login behind a proxy as coming from the proxy: anyone could lock anyone out).
AXES_CLIENT_IP_CALLABLE = "tiltak.web.throttling.client_ip"
# Single sign-on is neither counted nor locked out: it is no password guess (tiltak/web/throttling.py says why).
AXES_WHITELIST_CALLABLE = "tiltak.web.throttling.not_a_password_guess"

EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                 else "django.core.mail.backends.console.EmailBackend")

# The test database on SQLite is a file rather than shared-cache memory: in shared-cache mode a second
# connection gets "table is locked" at once instead of waiting out the busy timeout, which would make the
# concurrent-writer tests (and the live server the browser tests drive) measure something production never sees.
# One file per test process: several test runs may share a checkout and its data dir at the same time.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("TEST", {"NAME": str(DATA_DIR / f"test-tiltak-{os.getpid()}.sqlite3")})
else:
    # The same on PostgreSQL: two test runs against one server would otherwise both use «test_<name>», and the
    # first to finish drops the database under the other.
    DATABASES["default"].setdefault("TEST", {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"})
