import pytest

from tests.fakes.llm_fixtures import *  # noqa: F403


# Chat clients know nothing of Django, and these tests also run with `-p no:django`: shadow the
# Django-dependent autouse fixtures of tests/conftest.py for this directory.
@pytest.fixture(autouse=True)
def _media_root():
    pass


@pytest.fixture(scope="session", autouse=True)
def _clean_temp_files():
    pass
