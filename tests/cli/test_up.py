"""`manage.py up` on a fresh installation and on later starts: keys kept, demo logins printed once."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from creative.management.commands.up import demo_workspace_ensure
from creative.models import Membership

LOGIN_LINE = re.compile(r"^ +\w+ +(\w+) / (\S+)$", re.M)


def up(folder, *args: str) -> str:
    """`manage.py up --no-serve` on an installation whose SQLite database and keys live in `folder`."""
    clean = {k: v for k, v in os.environ.items()
             if k not in ("DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "SECRET_KEY_FILE",
                          "CREATIVE_ENCRYPTION_KEY", "CREATIVE_ENCRYPTION_KEY_FILE")}
    result = subprocess.run(
        [sys.executable, "manage.py", "up", "--no-serve", *args], cwd=settings.BASE_DIR, capture_output=True, text=True,
        timeout=120, check=False,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
             "HUEY_SQLITE_PATH": str(folder / "huey.sqlite3"), "MEDIA_ROOT": str(folder / "media")},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_first_start_makes_keys_and_prints_logins_later_starts_reuse_them(tmp_path):
    first = up(tmp_path)
    passwords = dict(LOGIN_LINE.findall(first))
    assert set(passwords) == {"designer", "reviewer", "admin"}
    assert len(set(passwords.values())) == 3
    keys = {name: (tmp_path / name).read_text() for name in ("secret_key", "encryption_key")}

    second = up(tmp_path)
    assert LOGIN_LINE.findall(second) == []
    assert "as printed on the first start" in second
    assert {name: (tmp_path / name).read_text() for name in keys} == keys

    reset = dict(LOGIN_LINE.findall(up(tmp_path, "--reset-demo")))
    assert set(reset) == set(passwords) and set(reset.values()).isdisjoint(passwords.values())


@pytest.mark.django_db
def test_demo_logins_keep_their_passwords_across_starts():
    created = demo_workspace_ensure()
    assert demo_workspace_ensure() == {}
    admin = get_user_model().objects.get(username="admin")
    assert admin.check_password(created["admin"]) and admin.is_superuser
    assert Membership.objects.filter(workspace__name="Demo workspace").count() == 3


@pytest.mark.django_db
def test_a_demo_login_still_on_the_public_password_of_older_versions_gets_a_new_one():
    demo_workspace_ensure()
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("demo-admin")  # what every start of older versions set
    admin.save()
    assert set(demo_workspace_ensure()) == {"admin"}
    admin.refresh_from_db()
    assert not admin.check_password("demo-admin")
