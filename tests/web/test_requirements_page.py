"""The requirements form: pre-filled from analysis with each field's source, corrected, then confirmed."""

import pytest
from django.urls import reverse

from creative.models import Brief, BriefStatus, Role
from reviews.models import Activity
from tests.factories import LAUNCH_BRIEF, local_model, make_member

pytestmark = pytest.mark.django_db(transaction=True)


def _submit(client, workspace, text=LAUNCH_BRIEF) -> Brief:
    client.post(reverse("creative:brief_new"), {
        "text": text, "models": [local_model().id], "images_per_prompt": 1, "workspace": workspace.id,
        "review_requirements": "on",
    })
    return Brief.objects.get()


def _posted(brief: Brief, **changes) -> dict:
    fields = {name: "\n".join(value) if isinstance(value, list) else value
              for name, value in brief.requirements.items() if name != "language"}
    return {**fields, **changes}


def test_the_form_shows_the_analysed_fields_and_their_source(client, designer, workspace):
    brief = _submit(client, workspace)
    assert brief.status == BriefStatus.CONFIRMING
    page = client.get(reverse("creative:brief_requirements", args=[brief.id]))
    assert page.status_code == 200
    assert b'value="smartwatch"' in page.content
    assert b'id="source-product">(rules)' in page.content
    assert b'style="--swatch: blue"' in page.content


def test_confirming_with_an_edit_marks_it_logs_it_and_generates(client, designer, workspace):
    brief = _submit(client, workspace)
    response = client.post(reverse("creative:brief_requirements", args=[brief.id]),
                           _posted(brief, colours="teal\ngold"))
    assert response.status_code == 302 and response["Location"] == brief.get_absolute_url()
    brief.refresh_from_db()
    assert brief.requirements["colours"] == ["teal", "gold"]
    assert brief.requirements_sources["colours"] == "edited"
    assert brief.requirements_sources["product"] == "rules"
    assert brief.status != BriefStatus.CONFIRMING and brief.prompts.exists()
    entry = Activity.objects.get(brief=brief)
    assert entry.verb == "edited the requirements" and entry.detail == "colours: teal, gold"
    gallery = client.get(brief.get_absolute_url())
    assert b'style="--swatch: teal"' in gallery.content and b"(edited)" in gallery.content


def test_an_empty_product_is_asked_again(client, designer, workspace):
    brief = _submit(client, workspace)
    response = client.post(reverse("creative:brief_requirements", args=[brief.id]), _posted(brief, product=""))
    assert response.status_code == 422
    assert b"the product cannot be empty" in response.content
    assert Brief.objects.get(id=brief.id).status == BriefStatus.CONFIRMING


def test_too_many_items_are_refused_not_cut(client, designer, workspace):
    brief = _submit(client, workspace)
    many = "\n".join(f"colour {n}" for n in range(13))
    response = client.post(reverse("creative:brief_requirements", args=[brief.id]), _posted(brief, colours=many))
    assert response.status_code == 422 and b"At most 12 items" in response.content


def test_a_confirmed_brief_is_not_confirmed_twice(client, designer, workspace):
    brief = _submit(client, workspace)
    client.post(reverse("creative:brief_requirements", args=[brief.id]), _posted(brief))
    response = client.post(reverse("creative:brief_requirements", args=[brief.id]), _posted(brief))
    assert response.status_code == 422 and b"not waiting for its requirements" in response.content
    assert Activity.objects.filter(brief=brief).count() == 1


def test_a_reviewer_may_not_confirm(client, workspace):
    brief = Brief.objects.create(workspace=workspace, text=LAUNCH_BRIEF, status=BriefStatus.CONFIRMING,
                                 requirements={"product": "smartwatch"})
    user = make_member(workspace=workspace, role=Role.REVIEWER)
    client.force_login(user)
    response = client.post(reverse("creative:brief_requirements", args=[brief.id]), {"product": "tea"})
    assert response.status_code == 403
