"""Each member's allowance: briefs per hour and images per day; More like this and retries count too."""

import pytest
from django.urls import reverse

from creative import pipeline
from creative.models import Brief, Generation, GenerationStatus, ImageRequest, Membership, Role
from tests.factories import (
    LAUNCH_BRIEF,
    local_model,
    make_brief,
    make_generation,
    make_member,
    make_workspace,
)

pytestmark = pytest.mark.django_db


def submit(workspace, author, *, images_per_prompt=1):
    return pipeline.brief_submit(workspace=workspace, author=author, text=LAUNCH_BRIEF, models=[local_model()],
                                 images_per_prompt=images_per_prompt)


def test_a_brief_over_the_members_images_per_day_is_refused_before_anything_is_created():
    workspace = make_workspace(name="Acme", member_images_per_day=12)
    designer = make_member(workspace=workspace, role=Role.DESIGNER)
    submit(workspace, designer, images_per_prompt=2)  # 10 images planned
    with pytest.raises(pipeline.BriefError, match="you have asked for 10 today; your limit in Acme is 12 images"):
        submit(workspace, designer)  # 5 more
    assert Brief.objects.count() == 1
    assert list(ImageRequest.objects.values_list("images", flat=True)) == [10]


def test_a_brief_over_the_members_briefs_per_hour_is_refused():
    workspace = make_workspace(member_briefs_per_hour=2)
    designer = make_member(workspace=workspace, role=Role.DESIGNER)
    submit(workspace, designer)
    submit(workspace, designer)
    with pytest.raises(pipeline.BriefError, match=r"2 briefs in the last hour; your limit .* is 2 per hour"):
        submit(workspace, designer)
    assert Brief.objects.count() == 2


def test_a_membership_sets_its_own_allowance_over_the_workspaces():
    workspace = make_workspace(member_images_per_day=5)
    designer = make_member(workspace=workspace, role=Role.DESIGNER)
    Membership.objects.filter(user=designer).update(images_per_day=100)
    submit(workspace, designer, images_per_prompt=3)  # 15 images: over the workspace's 5, within the member's 100
    assert pipeline.allowance_left(workspace=workspace, user=designer) == {"briefs": None, "images": 85}


def test_more_like_this_and_retries_count_and_are_refused_over_the_allowance():
    workspace = make_workspace(member_images_per_day=2)
    reviewer = make_member(workspace=workspace)
    generation = make_generation(brief=make_brief(workspace=workspace), status=GenerationStatus.SCORED)
    failed = make_generation(brief=generation.prompt.brief, status=GenerationStatus.FAILED, error_kind="timeout")
    pipeline.generation_more_like_this(generation=generation, member=reviewer)
    assert pipeline.generation_retry(generation=failed, member=reviewer)
    again = make_generation(brief=generation.prompt.brief, status=GenerationStatus.FAILED, error_kind="timeout")
    count = Generation.objects.count()
    with pytest.raises(pipeline.AllowanceError, match=r"limit .* is 2 images per day"):
        pipeline.generation_more_like_this(generation=generation, member=reviewer)
    with pytest.raises(pipeline.AllowanceError):
        pipeline.generation_retry(generation=again, member=reviewer)
    again.refresh_from_db()
    assert again.status == GenerationStatus.FAILED  # the refused retry changed nothing
    assert Generation.objects.count() == count
    assert sorted(ImageRequest.objects.values_list("kind", flat=True)) == ["more_like_this", "retry"]


def test_the_brief_form_refuses_over_the_allowance_with_the_reason(client):
    workspace = make_workspace(member_images_per_day=4)
    designer = make_member(workspace=workspace, role=Role.DESIGNER)
    client.force_login(designer)
    response = client.post(reverse("creative:brief_new"), {"text": LAUNCH_BRIEF, "models": [local_model().id],
                                            "images_per_prompt": 1, "workspace": workspace.id})
    assert response.status_code == 422
    assert b"your limit in" in response.content and b"4 images per day" in response.content
    assert Brief.objects.count() == 0


def test_more_like_this_over_the_allowance_answers_422_with_the_reason(client):
    workspace = make_workspace(member_images_per_day=0)
    reviewer = make_member(workspace=workspace)
    generation = make_generation(brief=make_brief(workspace=workspace), status=GenerationStatus.SCORED)
    client.force_login(reviewer)
    response = client.post(reverse("reviews:more", args=[generation.id]))
    assert response.status_code == 422 and b"0 images per day" in response.content
    assert Generation.objects.count() == 1
