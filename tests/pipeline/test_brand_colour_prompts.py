"""A workspace's brand colours are in every prompt its briefs are given."""

import pytest

from creative import pipeline
from creative.models import BrandKit, Prompt
from tests.factories import LAUNCH_BRIEF, local_model, make_workspace

pytestmark = pytest.mark.django_db


def test_every_prompt_of_a_brief_names_the_workspace_brand_colours():
    workspace = make_workspace()
    BrandKit.objects.create(workspace=workspace, primary_colour="#0b3d1f", secondary_colour="#d9a21b")

    brief = pipeline.brief_submit(workspace=workspace, author=None, text=LAUNCH_BRIEF, models=[local_model()],
                                  images_per_prompt=1, review_prompts=True)
    pipeline.brief_analyse(brief_id=brief.id)  # on commit in production; the test transaction never commits

    texts = list(Prompt.objects.filter(brief=brief).values_list("text", flat=True))
    assert len(texts) == 5
    assert all("brand colours dark green (#0b3d1f) and amber (#d9a21b)" in text for text in texts)


def test_a_workspace_without_a_brand_kit_gets_no_brand_colours():
    brief = pipeline.brief_submit(workspace=make_workspace(), author=None, text=LAUNCH_BRIEF,
                                  models=[local_model()], images_per_prompt=1, review_prompts=True)
    pipeline.brief_analyse(brief_id=brief.id)  # on commit in production; the test transaction never commits

    assert not any("brand colours" in p.text for p in Prompt.objects.filter(brief=brief))
