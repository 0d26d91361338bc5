"""Brief shapes through the API: chosen, echoed back, and refused with 422 when unknown."""

import pytest

from creative.models import Brief, Generation
from tests.factories import LAUNCH_BRIEF, local_model

pytestmark = pytest.mark.django_db


def test_a_brief_is_made_in_the_shapes_asked(designer_api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = designer_api.post("/api/v1/briefs", {"text": LAUNCH_BRIEF, "models": [local_model().name],
                                                        "images_per_prompt": 1, "shapes": ["wide", "square"]})
    assert response.status_code == 201, response.content
    assert response.json()["shapes"] == ["square", "wide"]
    assert Generation.objects.filter(shape="wide").count() == 5


def test_unknown_or_no_shapes_are_422(designer_api):
    for shapes in (["square", "banner"], []):
        response = designer_api.post("/api/v1/briefs", {"text": LAUNCH_BRIEF, "models": [local_model().name],
                                                        "shapes": shapes})
        assert response.status_code == 422, shapes
    assert "Unknown shape 'banner'" in designer_api.post("/api/v1/briefs", {
        "text": LAUNCH_BRIEF, "models": [local_model().name], "shapes": ["banner"]}).json()["detail"]
    assert not Brief.objects.exists()
