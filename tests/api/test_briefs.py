"""Briefs through the API: created on the same rules as the form, read with progress, listed a page at a time."""

import pytest

from creative.models import Brief, BriefStatus
from tests.factories import LAUNCH_BRIEF, local_model, make_brief, make_generation

pytestmark = pytest.mark.django_db


def test_a_brief_created_from_text_runs_to_review(designer_api, workspace, django_capture_on_commit_callbacks):
    model = local_model()
    with django_capture_on_commit_callbacks(execute=True):
        response = designer_api.post("/api/v1/briefs", {"text": LAUNCH_BRIEF, "models": [model.name],
                                                        "images_per_prompt": 1})
    assert response.status_code == 201, response.content
    brief = Brief.objects.get(id=response.json()["id"])
    assert brief.workspace == workspace and brief.author.username == "ada"
    read = designer_api.get(f"/api/v1/briefs/{brief.id}").json()
    assert read["status"] == BriefStatus.REVIEWING  # the queue is immediate in tests
    assert read["progress"]["total"] == 5 and read["progress"]["percent"] == 100
    assert read["models"] == [model.name]


def test_structured_requirements_replace_the_analysis(designer_api, django_capture_on_commit_callbacks):
    model = local_model()
    with django_capture_on_commit_callbacks(execute=True):
        response = designer_api.post("/api/v1/briefs", {
            "requirements": {"product": "a trail running shoe", "audience": "runners", "colours": ["orange"]},
            "models": [model.name], "images_per_prompt": 1, "review_prompts": True,
        })
    assert response.status_code == 201, response.content
    brief = Brief.objects.get(id=response.json()["id"])
    assert brief.requirements["product"] == "a trail running shoe"
    assert brief.analysis_source == "file"
    assert brief.status == BriefStatus.DRAFT


def test_an_unusable_brief_is_refused_with_the_forms_reason(designer_api):
    response = designer_api.post("/api/v1/briefs", {"text": "   ", "models": [local_model().name]})
    assert response.status_code == 422
    assert "empty" in response.json()["detail"]
    assert not Brief.objects.exists()


def test_an_unknown_model_is_refused(designer_api):
    response = designer_api.post("/api/v1/briefs", {"text": LAUNCH_BRIEF, "models": ["no-such-model"]})
    assert response.status_code == 422
    assert "no-such-model" in response.json()["detail"]


def test_the_brief_text_limit_is_the_forms(designer_api):
    response = designer_api.post("/api/v1/briefs", {"text": "x" * 5001, "models": [local_model().name]})
    assert response.status_code == 422


def test_briefs_are_listed_newest_first_a_page_at_a_time(reader_api, workspace):
    ids = [make_brief(workspace=workspace).id for _ in range(5)]
    make_brief()  # another workspace's
    first = reader_api.get("/api/v1/briefs", limit=2).json()
    assert [b["id"] for b in first["items"]] == ids[::-1][:2]
    rest = reader_api.get("/api/v1/briefs", limit=10, cursor=first["next_cursor"]).json()
    assert [b["id"] for b in rest["items"]] == ids[::-1][2:]
    assert rest["next_cursor"] is None


def test_briefs_are_filtered_by_status(reader_api, workspace):
    reviewing = make_brief(workspace=workspace, status=BriefStatus.REVIEWING)
    make_brief(workspace=workspace, status=BriefStatus.FAILED)
    listed = reader_api.get("/api/v1/briefs", status="reviewing").json()["items"]
    assert [b["id"] for b in listed] == [reviewing.id]


def test_a_made_up_cursor_is_422(reader_api):
    assert reader_api.get("/api/v1/briefs", cursor="not-ours").status_code == 422


def test_generations_are_listed_in_pages_with_filters(reader_api, workspace):
    brief = make_brief(workspace=workspace)
    made = [make_generation(brief=brief, status="failed" if i % 3 == 0 else "pending") for i in range(7)]
    page = reader_api.get(f"/api/v1/briefs/{brief.id}/generations", limit=3).json()
    assert [g["id"] for g in page["items"]] == [g.id for g in made[:3]]
    failed = reader_api.get(f"/api/v1/briefs/{brief.id}/generations", status="failed").json()["items"]
    assert [g["id"] for g in failed] == [made[0].id, made[3].id, made[6].id]


def test_a_draft_prompt_is_edited_then_the_brief_started(designer_api, django_capture_on_commit_callbacks):
    model = local_model()
    with django_capture_on_commit_callbacks(execute=True):
        brief_id = designer_api.post("/api/v1/briefs", {"text": LAUNCH_BRIEF, "models": [model.name], "images_per_prompt": 1,
                                                        "review_prompts": True}).json()["id"]
    prompts = designer_api.get(f"/api/v1/briefs/{brief_id}/prompts").json()
    edited = designer_api.post(f"/api/v1/prompts/{prompts[0]['id']}", {"text": "a watch on a wrist at dawn"},
                               method="patch")
    assert edited.status_code == 200 and edited.json()["source"] == "edited"
    started = designer_api.post(f"/api/v1/briefs/{brief_id}/start")
    assert started.status_code == 200
    assert designer_api.post(f"/api/v1/briefs/{brief_id}/start").status_code == 409
    again = designer_api.post(f"/api/v1/prompts/{prompts[0]['id']}", {"text": "too late"}, method="patch")
    assert again.status_code == 409


def test_over_the_rate_limit_a_token_gets_429_with_retry_after(reader_api, settings):
    settings.CREATIVE_API_RATE_PER_MINUTE = 3
    answers = [reader_api.get("/api/v1/models") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert 1 <= int(answers[-1]["Retry-After"]) <= 60


def test_a_brief_with_a_product_photo_shows_that_product(designer_api, django_capture_on_commit_callbacks):
    import base64

    from creative.models import Generation
    from tests.product_photos import bottle_photo

    photo = base64.b64encode(bottle_photo(size=(320, 400))).decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = designer_api.post("/api/v1/briefs", {"text": "An ad image for a water bottle, for hikers.",
                                                        "models": [local_model().name], "images_per_prompt": 1,
                                                        "product_images": [photo]})
    assert response.status_code == 201, response.content
    assert response.json()["product_photos"] == 1
    generations = Generation.objects.filter(prompt__brief_id=response.json()["id"])
    # Every image was composited with the photo and checked against it.
    assert generations.count() == 5 and all(g.checks["product"]["ok"] for g in generations)


@pytest.mark.parametrize(("photos", "says"), [
    (["not base64!"], "product_images[0] is not base64"),
    (["aGVsbG8="], "not a PNG, JPEG or WebP image"),  # base64 of "hello"
])
def test_a_bad_product_photo_is_422_and_stores_nothing(designer_api, photos, says):
    response = designer_api.post("/api/v1/briefs", {"text": LAUNCH_BRIEF, "models": [local_model().name],
                                                    "product_images": photos})
    assert response.status_code == 422
    assert says in response.json()["detail"]
    assert not Brief.objects.exists()


@pytest.mark.parametrize("body", [
    {"text": LAUNCH_BRIEF, "models": ["lo\x00cal"]},  # PostgreSQL refused the NUL with a 500
    {"text": "", "requirements": {"product": "a watch\x07"}, "models": ["local"]},
])
def test_control_characters_anywhere_in_a_body_are_422(designer_api, body):
    local_model()
    response = designer_api.post("/api/v1/briefs", body)
    assert response.status_code == 422
    assert "control character" in str(response.json()["detail"])
    assert not Brief.objects.exists()
