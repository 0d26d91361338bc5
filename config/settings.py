"""Settings read from the environment; every default works on one machine with no configuration (DESIGN §5)."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.getenv(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true"):
        return True
    if value.lower() in ("0", "false"):
        return False
    raise ImproperlyConfigured(f"{name} must be true/false or 1/0, not {value!r}")


def env_secret(name: str, default: str = "") -> str:
    """Read NAME, or the contents of the file NAME_FILE names (for container secrets)."""
    if path := os.getenv(f"{name}_FILE"):
        return Path(path).read_text().strip()
    return os.getenv(name, default)


def env_float(name: str, default: float) -> float:
    value = os.getenv(name, "")
    try:
        return float(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}") from None


def installation_secret(path: Path) -> str:
    """The random secret kept in `path`, made on first use (mode 0600) and the same for every later process."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(50) + "\n")
        try:
            # A link never replaces an existing file: of two processes starting at once, the first one's key wins.
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    except OSError as exc:
        raise ImproperlyConfigured(f"cannot keep a generated key in {path} ({exc}): set it in the environment") from exc
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=600, conn_health_checks=True
    )
}
# Generated keys live with the installation's data: beside its SQLite database (git-ignored), or in the
# checkout when the database is elsewhere. Several machines must share their keys through the environment.
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and DATABASES["default"]["NAME"] not in ("", ":memory:"):
    KEY_DIR = Path(DATABASES["default"]["NAME"]).resolve().parent
else:
    KEY_DIR = BASE_DIR
SECRET_KEY = env_secret("SECRET_KEY") or installation_secret(KEY_DIR / "secret_key")
ALLOWED_HOSTS = [h.strip() for h in os.getenv("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.getenv("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000")
HTTPS = SITE_URL.startswith("https://")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_htmx",
    "channels",
    "huey.contrib.djhuey",
    # Only for the API docs page: with the app installed, ninja serves Swagger UI from its static files, no CDN.
    "ninja",
    "creative",
    "reviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Right after SecurityMiddleware, as WhiteNoise asks: static files skip sessions and auth.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = None

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
            ],
        },
    },
]

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets page reads go on while workers write; IMMEDIATE takes the write lock up front, so
    # concurrent writers wait on the busy timeout instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.getenv("REDIS_URL", "")
# Workers mostly wait on provider HTTP calls, so threads are many and cheap.
HUEY_WORKERS = int(os.getenv("HUEY_WORKERS", "32"))
if REDIS_URL:
    import redis

    # Timeouts make a worker whose Redis host vanished fail and retry instead of waiting for ever; blocking
    # pops (BZPOPMIN, one second at a time) wake a worker the moment a task is queued instead of polling.
    REDIS_OPTIONS = {"socket_connect_timeout": 5, "socket_timeout": 10, "health_check_interval": 30}
    HUEY = {"huey_class": "huey.PriorityRedisHuey", "name": os.getenv("HUEY_NAME", "creative"), "immediate": False,
            "utc": True, "blocking": True, "read_timeout": 1,
            "connection_pool": redis.ConnectionPool.from_url(REDIS_URL, **REDIS_OPTIONS)}
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # The prefix keeps several deployments (or test runs) on one Redis out of each other's groups.
            "CONFIG": {"hosts": [{"address": REDIS_URL, **REDIS_OPTIONS}],
                       "prefix": os.getenv("CHANNEL_LAYER_PREFIX", "asgi")},
        }
    }
else:
    HUEY = {"huey_class": "huey.SqliteHuey", "name": "creative",
            "filename": os.getenv("HUEY_SQLITE_PATH") or str(BASE_DIR / "huey.sqlite3"),
            "immediate": False, "utc": True}
    CHANNEL_LAYERS = {"default": {"BACKEND": "creative.channel_layer.InProcessChannelLayer"}}

STORAGE_BUCKET = os.getenv("AWS_STORAGE_BUCKET_NAME", "")
if STORAGE_BUCKET:
    default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_BUCKET,
            "endpoint_url": os.getenv("AWS_S3_ENDPOINT_URL") or None,
            "access_key": env_secret("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_secret("AWS_SECRET_ACCESS_KEY") or None,
            "region_name": os.getenv("AWS_S3_REGION_NAME") or None,
            # "path" for stores reached by a bare host name or IP (Swift, MinIO, Ceph), where
            # <bucket>.<host> does not resolve; unset lets botocore choose (virtual-hosted on AWS).
            "addressing_style": os.getenv("AWS_S3_ADDRESSING_STYLE") or None,
            "signature_version": "s3v4",
            "default_acl": None,
            # Objects stay private; links handed out are signed and expire.
            "querystring_auth": True,
            "querystring_expire": int(os.getenv("AWS_QUERYSTRING_EXPIRE", "3600")),
            "file_overwrite": False,
        },
    }
else:
    default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": default_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media/"
# The API takes product photos as base64 in its JSON bodies (a feed's photos, up to 20 MB each); forms upload
# files, which this limit does not count. Django's 2.5 MB would refuse a feed with one photo.
DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024 * 1024
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# The app serves its own static files (WhiteNoise) straight from the checkout and the installed apps, so no
# collectstatic step is needed; STATIC_ROOT is only for copying them to a CDN with `collectstatic`.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = os.getenv("STATIC_ROOT") or None

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out account or address is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed logins (site and admin) lock out the account and, separately, the address they came from.
AXES_FAILURE_LIMIT = int(os.getenv("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=env_float("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "creative:brief_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Cookies travel only over HTTPS when the app is reached over HTTPS; on plain http they would never be sent.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
if not HTTPS:
    # HTTPS-only advice (HSTS, redirect to https, secure cookies) cannot apply to an app served on plain http.
    SILENCED_SYSTEM_CHECKS = ["security.W004", "security.W008", "security.W012", "security.W016"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # 'self' covers the gallery's websocket to the same host and port (ws: and wss:, CSP level 3).
        "connect-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        # Style elements only from our files; style attributes (colour swatches, focal markers) inline.
        # Browsers without the -elem/-attr split fall back to style-src.
        "style-src": [SELF, UNSAFE_INLINE],
        "style-src-elem": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "creative": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
        "huey": {"handlers": ["console"], "level": "WARNING"},
        # With DEBUG off, Django's own handler stays silent: a 500's traceback goes to the console instead.
        "django": {"handlers": ["console"], "level": "ERROR"},
    },
}

# Pipeline knobs (DESIGN §1, §4).
CREATIVE_DEFAULT_MODELS = [m for m in os.getenv("CREATIVE_DEFAULT_MODELS", "local").split(",") if m]
CREATIVE_IMAGES_PER_PROMPT = int(os.getenv("CREATIVE_IMAGES_PER_PROMPT", "3"))
CREATIVE_IMAGE_SIZE = int(os.getenv("CREATIVE_IMAGE_SIZE", "2048"))
CREATIVE_CANDIDATE_SHARE = env_float("CREATIVE_CANDIDATE_SHARE", 0.2)
# API requests per token per minute (fixed window); over it the API answers 429 with Retry-After.
CREATIVE_API_RATE_PER_MINUTE = int(os.getenv("CREATIVE_API_RATE_PER_MINUTE", "600"))
# Webhook targets on loopback or private networks are refused unless this is on (tests, a private deployment).
CREATIVE_WEBHOOK_ALLOW_PRIVATE = env_bool("CREATIVE_WEBHOOK_ALLOW_PRIVATE")
CREATIVE_PROVIDER_TIMEOUT = env_float("CREATIVE_PROVIDER_TIMEOUT", 120.0)
# Provider keys at rest (creative/secrets.py). A SECRET_KEY set in the environment keeps encrypting them as
# before (shared by every machine); a generated installation gets a second generated key beside the first.
CREATIVE_ENCRYPTION_KEY = env_secret("CREATIVE_ENCRYPTION_KEY") or (
    SECRET_KEY if env_secret("SECRET_KEY") else installation_secret(KEY_DIR / "encryption_key")
)
# Processes that score images off the queue's and web server's interpreter lock (creative/cpu_pool.py);
# 0 scores in the worker thread (tests/settings.py does so).
CREATIVE_CPU_PROCESSES = int(os.getenv("CREATIVE_CPU_PROCESSES", str(os.cpu_count() or 1)))

# C2PA signing of exported renditions (issue 7): a PEM certificate chain and its private key. Unset, the
# renditions carry the XMP AI-generated marks only.
CREATIVE_C2PA_CERTIFICATE = env_secret("CREATIVE_C2PA_CERTIFICATE")
CREATIVE_C2PA_PRIVATE_KEY = env_secret("CREATIVE_C2PA_PRIVATE_KEY")
CREATIVE_C2PA_ALGORITHM = os.getenv("CREATIVE_C2PA_ALGORITHM", "es256")
CREATIVE_C2PA_TIMESTAMP_URL = os.getenv("CREATIVE_C2PA_TIMESTAMP_URL", "")

# Judgment by language models (issue 5). Each role names "provider:model" (openai, anthropic, gemini); empty
# keeps rules, templates and heuristics, which also stand in whenever a call fails. Keys come from the same
# ProviderAccount rows and environment variables as the image providers (ANTHROPIC_API_KEY for anthropic).
CREATIVE_ANALYSIS_MODEL = os.getenv("CREATIVE_ANALYSIS_MODEL", "")
CREATIVE_PROMPT_MODEL = os.getenv("CREATIVE_PROMPT_MODEL", "")
CREATIVE_SCORING_MODEL = os.getenv("CREATIVE_SCORING_MODEL", "")
# Share of the vision model's score in an image's total; the heuristic score keeps the rest.
CREATIVE_VISION_WEIGHT = env_float("CREATIVE_VISION_WEIGHT", 0.5)
if not 0 <= CREATIVE_VISION_WEIGHT <= 1:
    raise ImproperlyConfigured("CREATIVE_VISION_WEIGHT must be between 0 and 1")
CREATIVE_LLM_TIMEOUT = env_float("CREATIVE_LLM_TIMEOUT", 60.0)
CREATIVE_LLM_ATTEMPTS = int(os.getenv("CREATIVE_LLM_ATTEMPTS", "3"))
# A Retry-After longer than this falls back at once: a worker held that long costs more than rules do.
CREATIVE_LLM_MAX_WAIT = env_float("CREATIVE_LLM_MAX_WAIT", 20.0)
# US cents per million input/output tokens, "provider:model=in/out" separated by commas; a spec also prices
# its dated versions ("anthropic:claude-sonnet-4-5" covers "claude-sonnet-4-5-20250929"). Unpriced calls
# record their tokens and no cost. The defaults are list prices as of late 2025.
CREATIVE_LLM_PRICES = os.getenv(
    "CREATIVE_LLM_PRICES",
    "anthropic:claude-sonnet-4-5=300/1500,anthropic:claude-haiku-4-5=100/500,anthropic:claude-opus-4-1=1500/7500,"
    "openai:gpt-4o-mini=15/60,openai:gpt-4o=250/1000,openai:gpt-4.1-mini=40/160,openai:gpt-4.1=200/800,"
    "openai:gpt-5-mini=25/200,openai:gpt-5=125/1000,"
    "gemini:gemini-2.5-flash-lite=10/40,gemini:gemini-2.5-flash=30/250,gemini:gemini-2.5-pro=125/1000",
)
