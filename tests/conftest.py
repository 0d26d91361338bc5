import shutil

import pytest
from django.conf import settings

# Fixtures through which a test reaches the database (pytest-django refuses every other way in).
_DATABASE_FIXTURES = frozenset({"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
                                "live_server"})


def pytest_addoption(parser):
    parser.addoption("--database-tests-only", action="store_true",
                     help="Run only the tests that use the database (the PostgreSQL pass of `python -m tests`).")


def pytest_collection_modifyitems(config, items):
    """With --database-tests-only, leave out the tests that never touch the database (image encoding, provider
    wire formats, analysis, scoring): they ran in the SQLite pass already, and another database changes nothing
    in them."""
    if not config.getoption("--database-tests-only"):
        return
    kept, left = [], []
    for item in items:
        uses_database = item.get_closest_marker("django_db") or _DATABASE_FIXTURES & set(item.fixturenames)
        (kept if uses_database else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session", autouse=True)
def _clean_temp_files():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


# Fixtures import models and factories inside: tests/providers and tests/llm run with `-p no:django`, and this
# module is loaded for them too, before any Django setup.
@pytest.fixture
def workspace():
    from tests.factories import make_workspace

    return make_workspace()


@pytest.fixture
def designer(client, workspace):
    """A designer of `workspace`, logged in on the test client."""
    from creative.models import Role
    from tests.factories import make_member

    user = make_member(workspace=workspace, role=Role.DESIGNER)
    client.force_login(user)
    return user


@pytest.fixture
def reviewer(client, workspace):
    """A reviewer of `workspace` named rita, logged in on the test client."""
    from creative.models import Role
    from tests.factories import make_member

    user = make_member(workspace=workspace, role=Role.REVIEWER, username="rita")
    client.force_login(user)
    return user


@pytest.fixture
def superuser(client):
    """A superuser, logged in on the test client (admin pages)."""
    from tests.factories import make_user

    user = make_user(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def brief():
    """A brief in review, in a workspace of its own."""
    from tests.factories import make_brief, make_workspace

    return make_brief(workspace=make_workspace(), status="reviewing")


@pytest.fixture
def real_queue(transactional_db):
    """Tasks go through Huey's real SQLite queue to worker threads (as `creative run` starts them)."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = False
    HUEY.flush()
    yield HUEY
    HUEY.flush()
    HUEY.immediate = True


# Browser fixtures are registered here once: a second session-scoped Playwright cannot start inside the first.
from tests.browser import app, chromium  # noqa: E402, F401
