"""The new-brief form suggests the models and styles the chosen workspace's reviewers approve most: only with
enough evidence, only that workspace's, never while its learning is switched off; one click ticks the models."""

import re

import pytest
from django.urls import reverse

from creative.models import BriefStatus, Membership, Role
from creative.pipeline import learning
from reviews.models import Review
from tests.factories import make_brief, make_image_model, make_member, make_scored, make_workspace

pytestmark = pytest.mark.django_db

SUGGESTED = 'data-testid="suggestions"'


def team_decided(workspace, *, count: int):
    """`count` decisions: the team approves three in four of Imagen's lifestyle images and one in four of
    Flux's 3D renders. Both models are local, so the form offers them without provider keys."""
    imagen = make_image_model(name=f"imagen-{workspace.id}", label="Imagen 4")
    flux = make_image_model(name=f"flux-{workspace.id}", label="Flux 1.1 pro")
    reviewer = make_member(workspace=workspace, role=Role.REVIEWER)
    brief = make_brief(workspace=workspace, status=BriefStatus.REVIEWING)
    for index in range(count):
        liked_kind = index % 2 == 0
        generation = make_scored(brief, model=imagen if liked_kind else flux,
                                 style="lifestyle" if liked_kind else "3d_render")
        approved = (index % 8 < 6) if liked_kind else (index % 8 == 7)
        Review.objects.create(generation=generation, reviewer=reviewer, decision="approve" if approved else "reject")
    return imagen, flux


def page(client, **query) -> str:
    response = client.get(reverse("creative:brief_new"), query)
    assert response.status_code == 200
    return response.content.decode()


def suggestion_line(html: str) -> str:
    found = re.search(r'<p[^>]*data-testid="suggestions">(.*?)</p>', html, re.S)
    return found.group(1) if found else ""


def checked_models(html: str) -> set[str]:
    return set(re.findall(r'name="models" value="(\d+)"[^>]*checked', html))


def test_with_enough_decisions_the_form_names_the_winning_model_and_style(client, designer, workspace):
    imagen, _ = team_decided(workspace, count=40)

    html = page(client)

    line = suggestion_line(html)
    assert re.search(r"approves most: Imagen 4 \(\d+%\) · styles: lifestyle \(", line)
    assert "Flux" not in line and "3d" not in line.lower()
    assert f'href="?workspace={workspace.id}&amp;suggested=1" data-tick-models="{imagen.id}"' in html


def test_too_few_decisions_show_nothing(client, designer, workspace):
    team_decided(workspace, count=4)
    assert SUGGESTED not in page(client)


def test_no_decisions_show_nothing(client, designer, workspace):
    make_image_model(label="Imagen 4")
    assert SUGGESTED not in page(client)


def test_switched_off_learning_hides_the_suggestions(client, designer, workspace):
    team_decided(workspace, count=40)
    learning.learning_switch(workspace_id=workspace.id, enabled=False)
    assert SUGGESTED not in page(client)


def test_suggested_1_ticks_the_suggested_models_without_a_script(client, designer, workspace):
    imagen, _ = team_decided(workspace, count=40)

    assert checked_models(page(client, suggested="1")) == {str(imagen.id)}
    assert str(imagen.id) not in checked_models(page(client))


def test_a_designer_in_two_workspaces_sees_the_chosen_ones_only(client, designer, workspace):
    other = make_workspace(name="Other team")
    Membership.objects.create(workspace=other, user=designer, role=Role.DESIGNER)
    imagen, _ = team_decided(workspace, count=40)

    assert "Imagen 4 (" in suggestion_line(page(client, workspace=workspace.id))
    assert SUGGESTED not in page(client, workspace=other.id)
    # Picking the other workspace in the select re-renders the line for it alone (htmx partial).
    partial = client.get(reverse("creative:brief_suggestions"), {"workspace": other.id})
    assert partial.status_code == 200 and SUGGESTED not in partial.content.decode()
    partial = client.get(reverse("creative:brief_suggestions"), {"workspace": workspace.id}).content.decode()
    assert "Imagen 4 (" in partial and f'data-tick-models="{imagen.id}"' in partial
    # ?suggested=1 for the other workspace ticks nothing of this one's.
    assert str(imagen.id) not in checked_models(page(client, workspace=other.id, suggested="1"))


def test_another_teams_workspace_is_never_read(client, designer, workspace):
    foreign = make_workspace(name="Not yours")
    team_decided(foreign, count=40)

    assert SUGGESTED not in page(client, workspace=foreign.id, suggested="1")
    partial = client.get(reverse("creative:brief_suggestions"), {"workspace": foreign.id})
    assert partial.status_code == 422 and "Imagen 4" not in partial.content.decode()
    assert client.get(reverse("creative:brief_suggestions"), {"workspace": "9" * 30}).status_code == 422
