import io
import json
import os
import re
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


def django_in(folder, code: str, **env) -> subprocess.CompletedProcess:
    """Run Django code on config.settings in a fresh interpreter whose SQLite database lives in `folder`."""
    clean = {k: v for k, v in os.environ.items()
             if k not in ("DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "SECRET_KEY_FILE",
                          "CREATIVE_ENCRYPTION_KEY", "CREATIVE_ENCRYPTION_KEY_FILE", "SITE_URL")}
    return subprocess.run([sys.executable, "-c", f"import django; django.setup(); from django.conf import settings; {code}"],
                          cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
                          env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings",
                               "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}", **env})


def test_debug_is_off_unless_asked_for(tmp_path):
    assert django_in(tmp_path, "print(settings.DEBUG)").stdout.strip() == "False"
    assert django_in(tmp_path, "print(settings.DEBUG)", DEBUG="true").stdout.strip() == "True"


def test_without_keys_in_the_environment_random_ones_are_kept_beside_the_database(tmp_path):
    code = "print(settings.SECRET_KEY); print(settings.CREATIVE_ENCRYPTION_KEY)"
    first = django_in(tmp_path, code, DEBUG="false")
    assert first.returncode == 0, first.stderr
    secret_key, encryption_key = first.stdout.split()
    assert (tmp_path / "secret_key").read_text().strip() == secret_key
    assert (tmp_path / "encryption_key").read_text().strip() == encryption_key
    assert secret_key != encryption_key and len(secret_key) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "encryption_key").stat().st_mode & 0o777 == 0o600
    assert django_in(tmp_path, code).stdout.split() == [secret_key, encryption_key]

    other = tmp_path / "other"
    other.mkdir()
    assert set(django_in(other, code).stdout.split()).isdisjoint({secret_key, encryption_key})


def test_keys_from_the_environment_win_over_the_files(tmp_path):
    (tmp_path / "from-file").write_text("secret-from-a-file\n")
    code = "print(settings.SECRET_KEY); print(settings.CREATIVE_ENCRYPTION_KEY)"
    assert django_in(tmp_path, code, SECRET_KEY_FILE=str(tmp_path / "from-file"),
                     CREATIVE_ENCRYPTION_KEY="own-key").stdout.split() == ["secret-from-a-file", "own-key"]
    # An operator's SECRET_KEY alone keeps encrypting provider keys as before, the same on every machine.
    assert django_in(tmp_path, code, SECRET_KEY="operator-secret").stdout.split() == ["operator-secret"] * 2
    assert not (tmp_path / "secret_key").exists() and not (tmp_path / "encryption_key").exists()


def test_no_secret_in_the_repository_is_used():
    """The embedded default key of older versions is gone from the code (it is in git history, so public)."""
    old_default = "-".join(["embedded", "default", "not", "for", "production"])
    sources = [path for folder in ("config", "creative", "reviews") for path in (REPO / folder).rglob("*.py")]
    assert not [path for path in sources if old_default in path.read_text()]


def test_deploy_check_warns_of_nothing_over_plain_http(tmp_path):
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=REPO, capture_output=True, text=True,
                            timeout=60, check=False,
                            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false",
                                 "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_deploy_check_over_https_leaves_only_the_proxy_advice(tmp_path):
    """With SITE_URL on https cookies are secure; HSTS and the redirect are left to the TLS proxy, and said so."""
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=REPO, capture_output=True, text=True,
                            timeout=60, check=False,
                            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false",
                                 "SITE_URL": "https://creative.example.com",
                                 "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    output = result.stdout + result.stderr
    assert sorted(set(re.findall(r"security\.W\d+", output))) == ["security.W004", "security.W008"], output


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
