"""Settings for the social-innovation directory.

One module, read from environment variables. Every deployment value has a safe default;
no secret usable in production lives here. See README.md, "Configuration".
"""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_noop

from .environment import admin_url_from, env_bool, env_int, env_list, site_url_from

BASE_DIR = Path(__file__).resolve().parent.parent


# --- Django core -------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (see README.md, Configuration)."
        )
    # Development only: a throw-away key, never the same twice. (The tests run with DEBUG off:
    # tests/plugin.py gives them a key through the environment.)
    SECRET_KEY = get_random_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- Site URL ----------------------------------------------------------------------------------
# The site's public origin, e.g. "https://innovation-sociale.example": every absolute URL the
# site writes (canonical links, Open Graph tags, the GeoJSON's URLs, e-mails' links) starts with
# it, never with the request's Host header or scheme, which the client chooses. Required when
# DEBUG is off; with DEBUG, the development server's.
SITE_URL = site_url_from(os.environ.get("SITE_URL", ""), DEBUG)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    "import_export",
    "simple_history",
    "axes",
    # The task queue, on PostgreSQL (mail, off the request): before the app whose tasks it runs.
    "procrastinate.contrib.django",
    "directory",
]

MIDDLEWARE = [
    # First: every response, a refused one (413) and a static file included, carries the
    # request's id, the Content-Security-Policy and Permissions-Policy, X-Frame-Options and
    # (SecurityMiddleware) nosniff, the referrer and opener policies and HSTS.
    "directory.public.operations.RequestIdMiddleware",
    "directory.public.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The language, from the URL only (French without a prefix, English under /en/): before
    # anything that renders a page (the 413 below) or resolves a URL (CommonMiddleware).
    "directory.public.languages.UrlLocaleMiddleware",
    # Then a body too large is refused before anything reads it (see REQUEST_BODY_MAX_BYTES).
    "directory.public.middleware.RequestBodyLimitMiddleware",
    # Before anything that may answer by itself (WhiteNoise, CommonMiddleware): the API's
    # CORS headers, and its preflight requests (see "The JSON API" below).
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Who made a change, for the history of entries and places.
    "simple_history.middleware.HistoryRequestMiddleware",
    # A view whose database connection failed answers a French 503 (process_exception).
    "directory.public.operations.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: answers a locked-out client before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "innovation_site.urls"
WSGI_APPLICATION = "innovation_site.wsgi.application"

# --- Admin URL ---------------------------------------------------------------------------------
# Where the curators' admin is served (innovation_site/urls.py): a path such as "admin/" or a
# less guessable one. Every link to the admin is reversed from the URLconf, so it follows.
ADMIN_URL = admin_url_from(os.environ.get("ADMIN_URL", ""))

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "directory.public.context_processors.site",
                "directory.public.context_processors.languages",
                "directory.public.context_processors.map_settings",
            ],
        },
    },
]

# --- Database: PostgreSQL only -----------------------------------------------------------------
# With no DATABASE_URL, the project's own database on the local server's Unix socket
# (the README's commands create it).

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or "postgres:///innovation_idf",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# No JIT compilation: the directory's queries are short, and compiling one costs more (10 ms
# and up) than it saves. No parallel workers: each request is one of many served at once, so
# a query's extra workers only take the cores of the others; and a parallel sequential scan
# looked cheaper to the planner than the search index for a common word, while it reads every
# entry's whole search document (0.30 s, against 0.13 s through the index: README, Performance).
_options = DATABASES["default"].setdefault("OPTIONS", {})
_options["options"] = (
    f"{_options.get('options', '')} -c jit=off -c max_parallel_workers_per_gather=0".strip()
)
# Prepared statements only for the queries that ask for them (directory/db/prepared.py: an
# entry's page, its similar entries, a listing's cards), so a count no query reaches; none with
# DATABASE_PREPARED_STATEMENTS=0, for a connection pooler that cannot keep them.
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", default=True)
_options["prepare_threshold"] = 2**31 - 1 if DATABASE_PREPARED_STATEMENTS else None
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (postgres://...).")
# A streaming replica of that database, for the public pages' reads (directory/db/routers.py:
# only pages rendered for the cache, once the replica has the current data version; writes,
# curators, the admin, transactions and everything else stay on the primary). Tests point it
# at the test database itself (TEST MIRROR).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(
            DATABASE_REPLICA_URL,
            conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
            conn_health_checks=True,
        ),
        # Not waiting long for an unreachable replica: its pages then come from the primary.
        "OPTIONS": {
            "options": _options["options"],
            "prepare_threshold": _options["prepare_threshold"],
            "connect_timeout": 3,
        },
        "TEST": {"MIRROR": "default"},
    }
    if DATABASES["replica"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must point to PostgreSQL.")
    DATABASE_ROUTERS = ["directory.db.routers.PrimaryReplicaRouter"]
FORMS_URLFIELD_ASSUME_HTTPS = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Passwords, sessions, security -------------------------------------------------------------

# django-axes first: it refuses a locked-out client before any password is checked. It needs
# the request, so tests log in with ``force_login`` (the test client's ``login()`` has none).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Only staff (the admin) have sessions; the public's pages set none. They are kept in the
# database, which every app server shares, so any server may answer any request. With Redis,
# "cached_db": each request reads its session from Redis, and every change is written to both,
# so that an eviction or a restart of Redis logs nobody out. Not with the per-process cache,
# where a logout in one process would leave the session alive in the others' caches.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if os.environ.get("REDIS_URL")
    else "django.contrib.sessions.backends.db"
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
# The redirect to HTTPS goes to the site's own host (SITE_URL), not to the request's.
SECURE_SSL_HOST = urlsplit(SITE_URL).netloc
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
# HSTS for every subdomain too, and consent to the browsers' preload list (hstspreload.org,
# which wants both and SECURE_HSTS_SECONDS of a year or more). Off by default: both commit
# the whole domain to HTTPS for as long as browsers remember it. (check --deploy: W005, W021.)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY") else None
)

# --- E-mail ------------------------------------------------------------------------------------
# Printed on the console in development; sent over SMTP otherwise (or by any backend named in
# EMAIL_BACKEND). Tests use Django's in-memory backend.

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Annuaire de l'innovation sociale <ne-pas-repondre@localhost>"
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Internationalisation ----------------------------------------------------------------------

# The interface is written in French (its texts are the catalogs' msgids) and translated into
# English; the content (entries, categories, the glossary) stays French. French pages are at
# the site's paths, English ones under /en/ (innovation_site/urls.py); the language comes from
# the URL only (directory/public/languages.py). Each language is named in its own language,
# as the switcher in the header shows it.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# The catalogs of every template and module: French (each message repeating its msgid, for
# French plural rules: 0 and 1 singular) and English. makemessages writes the project
# templates' messages there too; compilemessages (make run, make test) compiles them.
LOCALE_PATHS = [BASE_DIR / "directory" / "locale"]

# --- Static and media files --------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # The maps' libraries, from their PyPI packages: "leaflet/leaflet.js", and so on.
    ("leaflet", xstatic.pkg.leaflet.BASE_DIR),
    ("leaflet-markercluster", xstatic.pkg.leaflet_markercluster.BASE_DIR),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded images: in MEDIA_ROOT, or with AWS_STORAGE_BUCKET_NAME in an S3-compatible bucket
# (django-storages), which every app server shares. Images are only ever written, read and
# linked through the storage's API (directory/images/). The bucket's objects are public
# (AWS_DEFAULT_ACL, AWS_QUERYSTRING_AUTH off): images are public, and their URLs then need no
# signature, which would change at every page and defeat the page cache.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_STORAGE: dict = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            # "path" for most S3-compatible servers (MinIO, Garage, Ceph) on their own host.
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "url_protocol": os.environ.get("AWS_S3_URL_PROTOCOL", "https:"),
            "location": os.environ.get("AWS_LOCATION", ""),
            "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH"),
            # A new upload never replaces a file: stored names are random, renditions are
            # deleted before they are written again (directory/images/renditions.py).
            "file_overwrite": False,
            # Uploaded once, read for a year by browsers and the CDN.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Logging -----------------------------------------------------------------------------------

# One JSON object per line in production (LOG_FORMAT=json, the default without DEBUG), plain
# text in development; each record carries the request's id (directory/public/operations.py).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("LOG_FORMAT must be json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "directory.public.logs.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Not the task queue's "Adding tasks from blueprint" at every start of every command.
    "loggers": {"procrastinate.blueprints": {"level": "WARNING"}},
}

# --- Map ---------------------------------------------------------------------------------------
# Background tiles of the maps (Leaflet URL template: {s} subdomain, {z}/{x}/{y} tile). The
# Content-Security-Policy allows images from this URL's host (see directory/public/middleware.py).

MAP_TILE_URL = os.environ.get(
    "MAP_TILE_URL", "https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png"
)
MAP_ATTRIBUTION = os.environ.get(
    "MAP_ATTRIBUTION", "© les contributeurs d'OpenStreetMap, fond OpenStreetMap France"
)

# --- Task queue (procrastinate) ---------------------------------------------------------------
# Work that must not hold up a request, e-mails first, is a job in PostgreSQL (tables of the
# `procrastinate` app, created by `migrate`), deferred in the transaction of the write it comes
# from, and run by `manage.py procrastinate worker` (see README.md, "Configuration"). The tasks
# are listed here rather than discovered. A job that succeeded is deleted; one that failed
# for good stays, with its attempts and events, in the admin.

PROCRASTINATE_AUTODISCOVER_MODULE_NAME = None
PROCRASTINATE_IMPORT_PATHS = ["directory.curation.notifications"]
PROCRASTINATE_WORKER_DEFAULTS = {"delete_jobs": "successful"}
# Each e-mail is tried MAIL_ATTEMPTS times in all: again MAIL_RETRY_SECONDS after the first
# failure, then twice as long after each (1 min, 2, 4… 1,024 min: the twelfth and last try
# comes about 34 hours after the first).
MAIL_ATTEMPTS = env_int("MAIL_ATTEMPTS", 12)
MAIL_RETRY_SECONDS = env_int("MAIL_RETRY_SECONDS", 60)

# --- History of entries (django-simple-history) ------------------------------------------------

# Curators may revert: the history page opens an old version in the change form, saving it is
# the revert.
SIMPLE_HISTORY_REVERT_DISABLED = False

# --- Login protection (django-axes) ------------------------------------------------------------
# After LOGIN_FAILURE_LIMIT failed logins for one username, from whatever addresses, that
# username may not log in for LOGIN_LOCKOUT_HOURS; a successful login clears its failures;
# `manage.py axes_reset` lifts every lockout (`axes_reset_username` one account's).
# The policy, "username": guesses spread over many addresses are counted together, and one
# address's failures on other usernames lock no one else out (many people share an address
# behind a proxy, an office's NAT or a mobile carrier). Counting "ip_address" as well would
# lock a shared address out for everyone. The pair "username+ip_address" locks nothing more
# (the username alone counts at least as many failures): it is listed because django-axes's
# check wants ip_address named (axes.W006, against lockouts a client could dodge by changing
# its User-Agent or cookies, which "username" is not). The price: anyone may keep one known
# username locked out; an editor then lifts it in the admin.
# LOGIN_LOCKOUT_PARAMETERS: comma-separated, "username+ip_address" for a pair.

AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(hours=env_int("LOGIN_LOCKOUT_HOURS", 1))
AXES_LOCKOUT_PARAMETERS = [
    item.split("+") if "+" in item else item
    for item in env_list("LOGIN_LOCKOUT_PARAMETERS", "username,username+ip_address")
]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "directory.admin.users.lockout_response"
AXES_USERNAME_CALLABLE = "directory.admin.users.login_username"
AXES_CLIENT_IP_CALLABLE = "directory.public.antispam.client_ip"
# Failed attempts are kept until their cool-off ends; successful logins are not logged.
AXES_DISABLE_ACCESS_LOG = True

# --- Images and spreadsheets ------------------------------------------------------------------
# Uploaded logos and photos (see directory/images/processing.py): larger files or images are
# refused, their dimensions read from the file's header before any pixel is decoded. 25
# megapixels and 8,000 pixels a side: a 24-megapixel camera's photo, a phone's twice over.

IMAGE_MAX_BYTES = int(os.environ.get("IMAGE_MAX_BYTES", 5 * 1024 * 1024))
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", 25_000_000))
IMAGE_MAX_WIDTH = env_int("IMAGE_MAX_WIDTH", 8_000)
IMAGE_MAX_HEIGHT = env_int("IMAGE_MAX_HEIGHT", 8_000)

# django-import-export: an import is one transaction, rolled back if any row fails
# (see directory/admin/spreadsheets.py); blank spreadsheet lines are ignored.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES = True
# A control character in a text (pasted from elsewhere) becomes "�" instead of failing an XLSX
# export.
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True

# --- The JSON API (Django REST framework, drf-spectacular, django-cors-headers) ---------------
# Read-only and anonymous: JSON only, no body parsed, no session, cookie or CSRF token read; the
# views and their parameters are in directory/api/. The query string's ``format`` is an
# ordinary (refused) parameter, not DRF's renderer switch.

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": [],
    "UNAUTHENTICATED_USER": None,
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API de l'annuaire de l'innovation sociale en Île-de-France",
    "DESCRIPTION": (
        "Données ouvertes de l'annuaire, en lecture seule, sans clé ni compte : les initiatives "
        "publiées (avec les filtres de la liste du site), les catégories, les départements et "
        "les communes. JSON en UTF-8 ; noms de champs stables, en français, ceux du schéma "
        "data·inclusion quand ils existent."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SORT_OPERATION_PARAMETERS": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "directory.api.schema.add_server",
    ],
    "ENUM_NAME_OVERRIDES": {
        "LegalFormEnum": "directory.models.choices.LegalForm",
        "ScopeEnum": "directory.models.choices.Scope",
        "PrincipleEnum": "directory.models.choices.Principle",
        "CommuneKindEnum": "directory.models.choices.CommuneKind",
    },
}
# Any origin may read the API (its data are open and it reads no cookie), with GET, HEAD and
# OPTIONS only, and only under /api/: the site's pages and forms keep the same-origin policy.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "if-none-match"]
# So that a script can read the ETag to revalidate.
CORS_EXPOSE_HEADERS = ["ETag"]
CORS_PREFLIGHT_MAX_AGE = 86400

# --- Project -----------------------------------------------------------------------------------

# Public pages, facet counts and reference lists are cached per data version
# (directory/public/caching.py, directory/models/data_version.py); entries are also evicted
# after this many seconds. With REDIS_URL, every worker and every app server shares one cache in
# Redis (bounded by Redis's own `maxmemory`, see README.md); without it, each server process
# keeps its own, at most PAGE_CACHE_ENTRIES entries. Either way the version check keeps them
# all current. Redis down is a cache miss, not an error: pages come from the database
# (innovation_site/cache.py), and a Redis that does not answer within a second is given up.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "innovation_site.cache.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": PAGE_CACHE_SECONDS,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "idf"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": PAGE_CACHE_SECONDS,
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "2000"))},
        }
    }
# Serve /_ceiling/ (a view answering "ok") for the benchmark; never in production.
BENCHMARK_CEILING = env_bool("BENCHMARK_CEILING")
# In French, for e-mails; pages show it in their language (marked for the catalogs).
SITE_NAME = gettext_noop("Annuaire de l'innovation sociale en Île-de-France")

# The legal notice (/mentions-legales/, as the LCEN's article 6 III requires of a French site):
# who publishes the site, who answers for its content, who hosts it. Each installation states
# its own; `check --deploy` warns while one is empty (directory.W002).
PUBLISHER_NAME = os.environ.get("PUBLISHER_NAME", "")
PUBLISHER_ADDRESS = os.environ.get("PUBLISHER_ADDRESS", "")
PUBLISHER_EMAIL = os.environ.get("PUBLISHER_EMAIL", "")
PUBLISHER_PHONE = os.environ.get("PUBLISHER_PHONE", "")
PUBLICATION_DIRECTOR = os.environ.get("PUBLICATION_DIRECTOR", "")
HOST_NAME = os.environ.get("HOST_NAME", "")
HOST_ADDRESS = os.environ.get("HOST_ADDRESS", "")
HOST_PHONE = os.environ.get("HOST_PHONE", "")
DIRECTORY_PAGE_SIZE = 20

# Contributions from the public: proposals at /proposer/ and error reports. CURATION_EMAILS:
# comma-separated addresses told of each one (by default, the active staff members of the
# curators and editors groups who have an address).
CURATION_EMAILS = env_list("CURATION_EMAILS")
# A form sent sooner than this after it was displayed is taken for a robot's.
CONTRIBUTION_MIN_SECONDS = env_int("CONTRIBUTION_MIN_SECONDS", 3)
# A form displayed longer ago than this must be sent again (its signed timestamp expires).
CONTRIBUTION_MAX_AGE_SECONDS = env_int("CONTRIBUTION_MAX_AGE_SECONDS", 24 * 3600)
# Accepted per client address (IPv6: per /64 network) and per hour.
PROPOSALS_PER_HOUR = env_int("PROPOSALS_PER_HOUR", 5)
REPORTS_PER_HOUR = env_int("REPORTS_PER_HOUR", 5)
# --- What the public may send (hardening: uploads) ---------------------------------------------
# Request bodies: one larger than REQUEST_BODY_MAX_BYTES (an image at IMAGE_MAX_BYTES and the
# form around it), or ADMIN_REQUEST_BODY_MAX_BYTES under /admin/ (spreadsheet imports), is
# refused with 413 before it is read, from its Content-Length; one of unknown length (chunked)
# is read up to the limit (directory/public/middleware.py). Within it, Django keeps at most
# DATA_UPLOAD_MAX_MEMORY_SIZE of fields other than files (the longest form, a proposal, holds
# about 10 KB of text; beyond: 400), and writes an uploaded file larger than
# FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file instead of keeping it in memory.
REQUEST_BODY_MAX_BYTES = env_int("REQUEST_BODY_MAX_BYTES", IMAGE_MAX_BYTES + 1024 * 1024)
ADMIN_REQUEST_BODY_MAX_BYTES = env_int("ADMIN_REQUEST_BODY_MAX_BYTES", 50 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Every POST to /proposer/ and to an error report's form counts as an attempt of its client
# address (IPv6: its /64), valid or not, stored or not; beyond these many in an hour the form
# answers 429 (directory/public/antispam.py, with django-ratelimit). Counted in a cache of their
# own, so that the page cache's evictions cannot reset them: the shared Redis with REDIS_URL;
# otherwise each server process counts its own (the stored-contributions limits above still
# hold across processes, counted in the database). django-ratelimit's app is not installed: its
# system checks refuse a per-process cache, which is the design here without REDIS_URL.
PROPOSAL_ATTEMPTS_PER_HOUR = env_int("PROPOSAL_ATTEMPTS_PER_HOUR", 20)
REPORT_ATTEMPTS_PER_HOUR = env_int("REPORT_ATTEMPTS_PER_HOUR", 20)
RATELIMIT_USE_CACHE = "attempts"
# With Redis down the attempts go uncounted rather than refused: the per-hour limits on what
# is stored (PROPOSALS_PER_HOUR, REPORTS_PER_HOUR) are counted in the database and still hold.
RATELIMIT_FAIL_OPEN = True
CACHES[RATELIMIT_USE_CACHE] = (
    {**CACHES["default"], "KEY_PREFIX": f"{CACHES['default']['KEY_PREFIX']}-attempts"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "attempts",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
)
# Reverse proxies in front of the site that append the client's address to X-Forwarded-For
# (0: none, REMOTE_ADDR is the client's). Read by the rate limits and the login lockout.
# BEHIND_HTTPS_PROXY with 0 is warned about by `manage.py check` (directory.W001,
# directory/checks.py): every visitor would share the proxy's address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Names, e-mail addresses and address fingerprints of proposers and reporters are erased this
# many days after the decision (`manage.py purge_personal_data`, to run daily).
PERSONAL_DATA_RETENTION_DAYS = env_int("PERSONAL_DATA_RETENTION_DAYS", 365)
# Entries confirmed by a curator less than this many days ago count as verified (the
# listing's `verifie` filter; the admin's verification queue).
VERIFICATION_MAX_AGE_DAYS = env_int("VERIFICATION_MAX_AGE_DAYS", 365)
