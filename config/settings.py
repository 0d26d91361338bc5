"""Settings read from the environment; every default works on one machine with no configuration (DESIGN §5)."""

import os
from pathlib import Path

import dj_database_url
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


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off")
    SECRET_KEY = "embedded-default-not-for-production"
ALLOWED_HOSTS = [h.strip() for h in os.getenv("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.getenv("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "channels",
    "huey.contrib.djhuey",
    "creative",
    "reviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=600, conn_health_checks=True
    )
}
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
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "creative:brief_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "creative": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
        "huey": {"handlers": ["console"], "level": "WARNING"},
    },
}

# Pipeline knobs (DESIGN §1, §4).
CREATIVE_DEFAULT_MODELS = [m for m in os.getenv("CREATIVE_DEFAULT_MODELS", "local").split(",") if m]
CREATIVE_IMAGES_PER_PROMPT = int(os.getenv("CREATIVE_IMAGES_PER_PROMPT", "3"))
CREATIVE_IMAGE_SIZE = int(os.getenv("CREATIVE_IMAGE_SIZE", "2048"))
CREATIVE_CANDIDATE_SHARE = env_float("CREATIVE_CANDIDATE_SHARE", 0.2)
CREATIVE_PROVIDER_TIMEOUT = env_float("CREATIVE_PROVIDER_TIMEOUT", 120.0)
CREATIVE_ENCRYPTION_KEY = env_secret("CREATIVE_ENCRYPTION_KEY")
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
