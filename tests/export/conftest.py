import pytest

from tests.export.certificates import make_credentials


@pytest.fixture(scope="session")
def c2pa_credentials():
    return make_credentials()
