"""The designer reads and edits the prompts before any image is paid for (issue 5, part 2)."""

import pytest
from django.urls import reverse

from creative.models import Brief, BriefStatus, Generation, Role
from creative.prompting import STYLE_KEYS
from tests.factories import LAUNCH_BRIEF, local_model, make_member
from tests.judgment_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db(transaction=True)


def draft(client, workspace) -> Brief:
    response = client.post(reverse("creative:brief_new"), {
        "text": LAUNCH_BRIEF, "models": [local_model().id], "images_per_prompt": 1, "workspace": workspace.id,
        "review_prompts": "on",
    })
    brief = Brief.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/briefs/{brief.id}/prompts/"
    return brief


def test_asking_to_review_stops_after_the_prompts_with_nothing_generated(client, designer, workspace):
    brief = draft(client, workspace)

    assert brief.status == BriefStatus.DRAFT
    assert brief.prompts.count() == 5 and not Generation.objects.exists()
    page = client.get(reverse("creative:brief_prompts", args=[brief.id]))
    assert page.status_code == 200
    assert page.content.count(b"<textarea") == 10  # text and negative of each of the five prompts
    assert b"Start generating" in page.content and b"Regenerate set" in page.content


def test_edited_wording_is_what_the_images_are_made_from(client, designer, workspace):
    brief = draft(client, workspace)
    prompt = brief.prompts.get(style="minimalist")

    response = client.post(reverse("creative:brief_prompts_start", args=[brief.id]), {
        f"text-{prompt.id}": "A lone smartwatch on white marble", f"negative-{prompt.id}": "people",
    })

    assert response.status_code == 302 and response["Location"] == f"/briefs/{brief.id}/"
    prompt.refresh_from_db()
    assert (prompt.text, prompt.negative_text, prompt.source) == ("A lone smartwatch on white marble", "people", "edited")
    brief.refresh_from_db()
    assert brief.status == BriefStatus.REVIEWING  # Huey runs inline in tests: generated, scored, selected
    assert Generation.objects.filter(prompt=prompt).count() == 1
    assert Generation.objects.count() == 5


def test_an_empty_prompt_is_refused_and_nothing_starts(client, designer, workspace):
    brief = draft(client, workspace)
    prompt = brief.prompts.first()

    response = client.post(reverse("creative:brief_prompts_start", args=[brief.id]), {f"text-{prompt.id}": "  "})

    assert response.status_code == 422 and b"A prompt cannot be empty." in response.content
    brief.refresh_from_db()
    assert brief.status == BriefStatus.DRAFT and not Generation.objects.exists()


def test_regenerating_writes_a_new_set_from_the_model(client, designer, workspace, judge):
    brief = draft(client, workspace)
    old_ids = set(brief.prompts.values_list("id", flat=True))
    fake = judge("CREATIVE_PROMPT_MODEL", "anthropic")
    fake.answer_json({"prompts": [
        {"style": key, "subject": f"new {key}", "look": "", "light_and_colour": "", "composition": "", "detail": "",
         "avoid": []} for key in STYLE_KEYS]})

    response = client.post(reverse("creative:brief_prompts_regenerate", args=[brief.id]))

    assert response.status_code == 302
    brief.refresh_from_db()
    assert brief.status == BriefStatus.DRAFT
    prompts = list(brief.prompts.all())
    assert not old_ids & {p.id for p in prompts}
    assert [p.text for p in prompts] == [f"new {key}" for key in STYLE_KEYS]
    assert brief.analysis_source == "rules"  # the analysis is kept, not asked again
    assert len(fake.requests) == 1


def test_prompts_cannot_change_once_generation_started(client, designer, workspace):
    brief = draft(client, workspace)
    client.post(reverse("creative:brief_prompts_start", args=[brief.id]))
    prompt = brief.prompts.first()
    before = prompt.text

    client.post(reverse("creative:brief_prompts", args=[brief.id]), {f"text-{prompt.id}": "changed"})
    again = client.post(reverse("creative:brief_prompts_regenerate", args=[brief.id]))

    prompt.refresh_from_db()
    assert prompt.text == before
    assert again.status_code == 302 and Brief.objects.get().status == BriefStatus.REVIEWING
    assert b"can no longer be edited" in client.get(reverse("creative:brief_prompts", args=[brief.id])).content


def test_a_reviewer_cannot_edit_prompts(client, designer, workspace):
    brief = draft(client, workspace)
    client.force_login(make_member(workspace=workspace, role=Role.REVIEWER))

    # A member without the designer's role is told so (403), and nothing starts.
    assert client.get(reverse("creative:brief_prompts", args=[brief.id])).status_code == 403
    assert client.post(reverse("creative:brief_prompts_start", args=[brief.id])).status_code == 403
    assert Brief.objects.get().status == BriefStatus.DRAFT


def test_models_of_several_families_get_prompts_worded_for_each(client, designer, workspace):
    from creative import pipeline
    from tests.factories import make_image_model

    # A Midjourney row is enough: a draft calls no image model.
    midjourney = make_image_model(provider="midjourney", name="midjourney-stand-in")
    brief = pipeline.brief_submit(workspace=workspace, author=designer, text=LAUNCH_BRIEF, review_prompts=True,
                                  models=[local_model(), midjourney], images_per_prompt=1)

    brief.refresh_from_db()
    assert sorted(set(brief.prompts.values_list("target", flat=True))) == ["", "midjourney"]
    page = client.get(reverse("creative:brief_prompts", args=[brief.id])).content.decode()
    assert "Midjourney reads parameters from the text" in page and "--ar 1:1" in page
