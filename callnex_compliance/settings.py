"""Settings for CallNex Compliance.

Every setting that differs between machines comes from the environment (or a `.env` file beside
`manage.py`) through django-environ, read once with an explicit type. `.env.example` lists them all.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# A dev key exists only so `make run` works out of the box; production must set its own.
DEV_SECRET_KEY = "django-insecure-DEV-ONLY-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = DEV_SECRET_KEY

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation requires (it patches admin forms and managers).
    "modeltranslation",
    "callnex_compliance.apps.CallnexAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.syndication",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "django_q",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "callnex_compliance.platform_data",
    "rights_requests",
    "legal_basis",
    "retention",
    "subprocessors",
    "evidence_packs",
    "breaches",
    "gdpr_page",
    "mail_intake",
]

MIDDLEWARE = [
    "callnex_compliance.middleware.reject_nul_bytes",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before common: the language comes from the URL prefix (/nl/, /fr/, /en/).
    "callnex_compliance.i18n.PublicLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a lockout raised during login into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "callnex_compliance.urls"
WSGI_APPLICATION = "callnex_compliance.wsgi.application"

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
                "callnex_compliance.i18n.language_links",
            ],
            # `human_date` / `human_time` in every template (emails and letters included).
            "builtins": ["callnex_compliance.display"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
# The default is an absolute-path SQLite file, tuned so that the web process and the django-q2 ORM
# broker (a second process) share it without "database is locked": WAL lets readers run beside the
# single writer, IMMEDIATE transactions take the write lock up front instead of failing on upgrade,
# and the busy timeout makes a blocked writer wait instead of erroring.
DEFAULT_SQLITE_PATH = VAR_DIR / "callnex.sqlite3"
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{DEFAULT_SQLITE_PATH}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Public pages, letters and e-mails speak Dutch, French and English; the URL prefix chooses (/nl/, /fr/, /en/).
# "en" (not "en-gb") so that the prefix is /en/; British date and number formats come from FORMAT_MODULE_PATH.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("nl", "Nederlands"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["callnex_compliance.formats"]
# Register texts shown publicly carry per-language columns (gdpr_page/translation.py); English is the
# default and the fallback, so an untranslated text never shows as blank.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "nl", "fr")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Brussels")
USE_I18N = True
USE_TZ = True
# One way to show dates: `28 Nov 2026`, times `28 Nov 2026, 14:05 CET` (callnex_compliance/locale_formats
# overrides the en-GB locale's `25/10/2006` and `2:30 p.m.`; callnex_compliance/display.py for code).
FORMAT_MODULE_PATH = ["callnex_compliance.locale_formats"]
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i T"
SHORT_DATETIME_FORMAT = "j M Y, H:i T"
TIME_FORMAT = "H:i"

# --- Static and media files -----------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Media is private (recordings, exports, DPA documents): it is never served from a public URL, only
# through permission-checked views. Locally it is a folder; in production an EU S3-compatible bucket.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "/private-media/"
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="eu-central-1"),
            "access_key": env.str("S3_ACCESS_KEY_ID", default=""),
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default=""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": default_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Email ----------------------------------------------------------------------------------------
# In production a missing EMAIL_URL would print every letter (names, addresses) into the server log, so
# it must name a real server; EMAIL_CONSOLE_IN_PRODUCTION=1 is the deliberate, documented way to accept it.
CONSOLE_EMAIL_URL = "consolemail://"
EMAIL_URL = env.str("EMAIL_URL", default="" if not DEBUG else CONSOLE_EMAIL_URL)
EMAIL_CONSOLE_IN_PRODUCTION = env.bool("EMAIL_CONSOLE_IN_PRODUCTION", default=False)
if not DEBUG and not EMAIL_CONSOLE_IN_PRODUCTION and (not EMAIL_URL or EMAIL_URL.startswith("consolemail:")):
    raise ImproperlyConfigured(
        "EMAIL_URL must name a mail server when DEBUG is off (e.g. smtp+tls://user:pass@smtp.example:587); "
        "set EMAIL_CONSOLE_IN_PRODUCTION=1 only if letters may deliberately be printed to the server log."
    )
EMAIL_CONFIG = environ.Env.email_url_config(EMAIL_URL or CONSOLE_EMAIL_URL)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="CallNex Data Protection <support@callnex.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The support mailbox (mail_intake): read every 5 minutes when INTAKE_IMAP_URL is set, e.g.
# imaps://support%40callnex.nl:password@imap.example:993/INBOX (TLS; imap:// only for a server on this machine).
INTAKE_IMAP_URL = env.str("INTAKE_IMAP_URL", default="")
INTAKE_PROCESSED_FOLDER = env.str("INTAKE_PROCESSED_FOLDER", default="Processed")
INTAKE_EXPUNGE_AFTER_DAYS = env.int("INTAKE_EXPUNGE_AFTER_DAYS", default=30)
INTAKE_MAX_MESSAGES_PER_RUN = env.int("INTAKE_MAX_MESSAGES_PER_RUN", default=200)
INTAKE_MAX_MESSAGE_BYTES = env.int("INTAKE_MAX_MESSAGE_BYTES", default=25_000_000)
INTAKE_MAX_ATTACHMENT_BYTES = env.int("INTAKE_MAX_ATTACHMENT_BYTES", default=15_000_000)
INTAKE_ACKNOWLEDGE = env.bool("INTAKE_ACKNOWLEDGE", default=True)
INTAKE_IMAP_TIMEOUT = env.float("INTAKE_IMAP_TIMEOUT", default=60.0)

# --- Background tasks (django-q2) -----------------------------------------------------------------
# `retry` must exceed `timeout`, or a slow task is handed to a second worker while the first still runs.
REDIS_URL = env.str("REDIS_URL", default="")
Q_CLUSTER = {
    "name": "callnex",
    "workers": env.int("Q_WORKERS", default=2),
    "timeout": 3600,
    "retry": 4000,
    "max_attempts": 3,
    "save_limit": 500,
    "queue_limit": 50,
    "catch_up": False,
    "label": "Background tasks",
    "time_zone": TIME_ZONE,
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
    Q_CLUSTER["poll"] = 1

# How many reverse proxies of our own stand in front of the app and append to X-Forwarded-For. Throttles,
# the login lockout and the logs all take the client address from callnex_compliance.client_ip, which
# believes the header only that far; 0 means the socket address counts (the header is ignored).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- REST API -------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["callnex_compliance.api_permissions.StaffModelPermissions"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "public": env.str("THROTTLE_PUBLIC", default="120/min"),
        "subscribe": env.str("THROTTLE_SUBSCRIBE", default="10/hour"),
        "customer_api": env.str("THROTTLE_CUSTOMER_API", default="60/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CallNex Compliance API",
    "DESCRIPTION": "Staff and public endpoints of the CallNex GDPR back-office.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RightsRequestRoleEnum": "rights_requests.models.RightsRequest.Role",
        "RightsRequestOutcomeEnum": "rights_requests.models.RightsRequest.Outcome",
        "ProcessingActivityRoleEnum": "legal_basis.models.ProcessingActivity.Role",
        "RiskOutcomeEnum": "breaches.models.Incident.RiskOutcome",
        "BreachNoticeKindEnum": "breaches.models.CustomerNotice.Kind",
        "BreachNoticeOutcomeEnum": "breaches.models.CustomerNotice.Outcome",
        "IncidentEventKindEnum": "breaches.models.IncidentEvent.Kind",
        "RightsRequestLanguageEnum": "callnex_compliance.languages.Language",
        "AuthorityNotificationLanguageEnum": "breaches.models.AuthorityNotification.Language",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# --- Security -------------------------------------------------------------------------------------
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Staff must pass TOTP two-factor authentication for the admin; only the local demo relaxes it.
ADMIN_MFA_REQUIRED = env.bool("ADMIN_MFA_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "CallNex Compliance"

# Brute-force lockout: five failures for one username from one address lock it for an hour.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "callnex_compliance.client_ip.client_ip"

# Content-Security-Policy: only our own scripts, styles and images; nothing may frame us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Secret used for keyed hashes (suppression list, iCal tokens); rotating it invalidates them.
HASH_KEY = env.str("HASH_KEY", default="") or SECRET_KEY

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_personal_data": {"()": "callnex_compliance.logging_filters.RedactPersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_personal_data"]},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["redact_personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Django's own loggers (django.request, and django.server: runserver's access log) would otherwise keep
    # Django's default handlers, which have no redaction: searches and secret links would be logged as typed.
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}
