import io
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

REPO = settings.BASE_DIR


def settings_with(env: dict) -> dict:
    """Load config.settings in a fresh interpreter with this environment and report what it chose."""
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        "print(json.dumps({'db': settings.DATABASES['default']['ENGINE'], 'huey': settings.HUEY['huey_class'],"
        "'layer': settings.CHANNEL_LAYERS['default']['BACKEND'], 'storage': settings.STORAGES['default']['BACKEND']}))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "AWS_STORAGE_BUCKET_NAME")}
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
                            env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_embedded_default_needs_no_configuration():
    chosen = settings_with({})
    assert chosen == {
        "db": "django.db.backends.sqlite3", "huey": "huey.SqliteHuey",
        "layer": "creative.channel_layer.InProcessChannelLayer",
        "storage": "django.core.files.storage.FileSystemStorage",
    }


def test_environment_selects_the_scale_out_parts():
    chosen = settings_with({
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/creative", "REDIS_URL": "redis://127.0.0.1:6379/0",
        "AWS_STORAGE_BUCKET_NAME": "ads",
    })
    assert chosen == {
        "db": "django.db.backends.postgresql", "huey": "huey.PriorityRedisHuey",
        "layer": "channels_redis.core.RedisChannelLayer", "storage": "storages.backends.s3.S3Storage",
    }


def test_production_refuses_to_start_without_a_secret_key():
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=REPO, capture_output=True, check=False,
                            text=True, timeout=60, env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings",
                                                        "DEBUG": "false", "SECRET_KEY": ""})
    assert result.returncode != 0 and "SECRET_KEY is required" in result.stderr


def test_sqlite_runs_in_wal_mode(tmp_path):
    # In a fresh interpreter on its own SQLite file, so the PostgreSQL pass checks the embedded default too.
    code = ("import django; django.setup(); from django.db import connection; cursor = connection.cursor();"
            "cursor.execute('PRAGMA journal_mode'); print(cursor.fetchone()[0])")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
                            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings",
                                 "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wal"


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_migrations_seed_the_built_in_renderer():
    from creative.models import ImageModel

    model = ImageModel.objects.get(name="local")
    assert (model.provider, model.enabled, model.price_cents) == ("local", True, 0)


def test_app_settings_do_not_change_when_pytest_is_imported():
    """Test-only settings live in tests/settings.py; config.settings is the same in every process."""
    code = (
        "import json, pytest, django; from django.conf import settings; django.setup();"
        "print(json.dumps({'immediate': settings.HUEY['immediate'], 'huey': settings.HUEY.get('filename'),"
        "'media': str(settings.MEDIA_ROOT),"
        "'test_db': settings.DATABASES['default'].get('TEST', {}).get('NAME')}))"
    )
    clean = {k: v for k, v in os.environ.items()
             if k not in ("DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "HUEY_SQLITE_PATH")}
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
                            env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "immediate": False, "huey": str(REPO / "huey.sqlite3"), "media": str(REPO / "media"), "test_db": None,
    }


def test_the_test_run_uses_the_test_settings():
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "tests.settings"
    assert settings.HUEY["immediate"] and settings.CREATIVE_CPU_PROCESSES == 0
