"""Each role sees only the buttons it may use: every button here answers 403 for the roles it is hidden from
(tests/web/test_permission_matrix.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from creative.models import Generation, GenerationStatus

REVIEWER_ONLY = ("Retry", "More like this", "Promote", "Export approved images", "Create link", ">Revoke<",
                 "Approve selected", "Client review links")


@pytest.fixture(autouse=True)
def _media_root():
    """The module's world keeps its files in the test run's media folder, not in one test's own."""


def _gallery(world, role: str) -> str:
    kwargs = world["kwargs"]
    # A failed image shows Retry; a scored non-candidate shows Promote.
    Generation.objects.filter(id=kwargs["other_generation_id"]).update(status=GenerationStatus.FAILED,
                                                                       error_kind="unknown_outcome")
    client = Client()
    client.force_login(world["users"][role])
    response = client.get(reverse("reviews:gallery", args=[kwargs["brief_id"]]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_designers_see_no_review_retry_export_share_or_revoke_buttons(world):
    page = _gallery(world, "designer")
    assert [label for label in REVIEWER_ONLY if label in page] == []
    assert "Download zip" in page  # the files are every member's


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["reviewer", "admin"])
def test_reviewers_and_admins_see_them(world, role):
    page = _gallery(world, role)
    assert [label for label in REVIEWER_ONLY if label not in page] == []
