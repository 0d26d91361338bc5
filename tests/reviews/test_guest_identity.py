"""A guest is one person: named once per invite per browser, counted once, shown only what a client may see."""

import re

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config.asgi import application
from creative import events
from creative.models import GenerationStatus, Role
from reviews.decisions import Actor, approval_of, review_record, rules_for
from reviews.guests import invite_create
from reviews.models import Guest, GuestInvite, Review
from tests.factories import make_brief, make_generation, make_member, make_workspace

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def brief():
    return make_brief(workspace=make_workspace(approvals_needed=2), status="reviewing")


@pytest.fixture
def invite(brief):
    return invite_create(brief=brief, created_by=None)


@pytest.fixture
def candidate(brief):
    return make_generation(brief=brief, status=GenerationStatus.SCORED, score=91, candidate=True, cost_cents=7)


def browser_named(invite, name: str) -> Client:
    """A fresh browser that opens the link and gives a name."""
    browser = Client()
    assert browser.post(reverse("reviews:guest", args=[invite.token]), {"name": name}).status_code == 302
    return browser


def decide(browser: Client, invite, generation, decision: str, comment: str = ""):
    return browser.post(reverse("reviews:guest_review", args=[invite.token, generation.id]),
                        {"decision": decision, "comment": comment}, HTTP_HX_REQUEST="true")


def approval(generation):
    generation.refresh_from_db()
    return approval_of(generation, rules_for(generation.prompt.brief.workspace))


def test_a_browser_cannot_give_a_second_name_and_approve_twice(invite, candidate):
    browser = browser_named(invite, "Clara")
    assert decide(browser, invite, candidate, "approve").status_code == 200
    response = browser.post(reverse("reviews:guest", args=[invite.token]), {"name": "Someone else"})
    assert response.status_code == 409 and b"already reviews as Clara" in response.content
    assert decide(browser, invite, candidate, "approve").status_code == 200
    assert Guest.objects.count() == 1
    result = approval(candidate)
    assert (result.approvals, result.needed, result.state) == (1, 2, "")


def test_two_people_who_type_the_same_name_are_two_guests(invite, candidate):
    first, second = browser_named(invite, "Clara"), browser_named(invite, "clara ")
    decide(first, invite, candidate, "approve")
    decide(second, invite, candidate, "approve")
    assert approval(candidate).state == "approved"
    # The second Clara changing her mind does not change the first one's decision.
    decide(second, invite, candidate, "reject")
    result = approval(candidate)
    assert result.approvals == 1 and {r.guest_id: r.decision for r in result.latest} == {
        Guest.objects.get(name="Clara").id: "approve", Guest.objects.get(name="clara").id: "reject"}


def test_client_sees_candidates_and_approved_images_and_nothing_internal(invite, brief, candidate):
    team = make_member(workspace=brief.workspace, role=Role.REVIEWER, username="rita")
    approved = make_generation(brief=brief, status=GenerationStatus.SCORED, score=64, cost_cents=5)
    set_aside = make_generation(brief=brief, status=GenerationStatus.SCORED, score=83, candidate=True)
    unpicked = make_generation(brief=brief, status=GenerationStatus.SCORED, score=42)
    failed = make_generation(brief=brief, status=GenerationStatus.FAILED, error_kind="timeout")
    candidate.score_breakdown = {"sharpness": 77}
    candidate.save(update_fields=["score_breakdown"])
    for teammate in (team, make_member(workspace=brief.workspace, role=Role.REVIEWER)):
        review_record(generation=approved, actor=Actor(user=teammate), decision="approve")
    review_record(generation=set_aside, actor=Actor(user=team), decision="reject", comment="Off brand")
    review_record(generation=candidate, actor=Actor(user=team), decision="comment", comment="Internal: cheap model")
    review_record(generation=candidate, actor=Actor(user=team), decision="comment", comment="Look at the strap",
                  shared=True)
    other_guest = browser_named(invite, "Bob")
    decide(other_guest, invite, candidate, "comment", "Bob's private thought")

    clara = browser_named(invite, "Clara")
    decide(clara, invite, candidate, "comment", "Lovely light")
    page = clara.get(reverse("reviews:guest", args=[invite.token])).content.decode()

    shown = {g.id for g in (candidate, approved) if f'id="gen-{g.id}"' in page}
    hidden = {g.id for g in (set_aside, unpicked, failed) if f'id="gen-{g.id}"' in page}
    assert shown == {candidate.id, approved.id} and hidden == set()
    for internal in ("Score breakdown", "sharpness", "$0.07", "cost", "Internal: cheap model",
                     "Off brand", "Bob's private thought", "local", "Activity", "Export", 'class="score"'):
        assert internal not in page, internal
    # The scores as text a person would read: ids (data-latest="664", "Brief 91", "Image 12") are not scores.
    text = re.sub(r"(Image|Brief) \d+", " ", re.sub(r"<[^>]*>", " ", page))
    assert not re.search(r"(?<![\w.-])(91|64)(?![\w.-])", text) and not re.search(r"score \d", text)
    assert "Look at the strap" in page and "Lovely light" in page
    assert clara.get(reverse("reviews:guest_image", args=[invite.token, set_aside.id, "full"])).status_code == 404
    assert decide(clara, invite, set_aside, "approve").status_code == 404


def test_only_team_comments_can_be_shared_with_the_client(client, brief, candidate):
    client.force_login(make_member(workspace=brief.workspace, role=Role.REVIEWER))
    response = client.post(reverse("reviews:review", args=[candidate.id]),
                           {"decision": "comment", "comment": "For the client", "shared": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "shared" in response.content.decode()
    assert Review.objects.get().shared is True


def guest_socket(browser: Client, invite) -> WebsocketCommunicator:
    return WebsocketCommunicator(
        application, f"/ws/briefs/{invite.brief_id}/?guest={invite.token}",
        headers=[(b"cookie", f"sessionid={browser.cookies['sessionid'].value}".encode()),
                 (b"origin", b"http://127.0.0.1")],
    )


def test_revoking_an_invite_closes_its_open_websockets_at_once(invite, brief):
    clara = browser_named(invite, "Clara")
    reviewer = Client()
    reviewer.force_login(make_member(workspace=brief.workspace, role=Role.REVIEWER))
    socket = guest_socket(clara, invite)

    async def scenario():
        assert (await socket.connect())[0]
        response = await database_sync_to_async(reviewer.post)(reverse("reviews:revoke_invite", args=[invite.id]))
        assert response.status_code == 200
        closed = await socket.receive_output(timeout=5)
        await socket.wait()
        return closed

    assert async_to_sync(scenario)() == {"type": "websocket.close", "code": 4403}


def test_a_revoked_guest_gets_no_more_cards_even_if_the_revocation_event_was_lost(invite, brief, candidate):
    clara = browser_named(invite, "Clara")
    socket = guest_socket(clara, invite)

    async def scenario():
        assert (await socket.connect())[0]
        await database_sync_to_async(GuestInvite.objects.filter(id=invite.id).update)(revoked_at=timezone.now())
        await database_sync_to_async(events.publish)(brief.id, "generation_changed", generation_id=candidate.id)
        message = await socket.receive_output(timeout=5)
        await socket.wait()
        return message

    assert async_to_sync(scenario)() == {"type": "websocket.close", "code": 4403}


def test_guest_pushes_show_their_own_view(invite, brief, candidate):
    clara = browser_named(invite, "Clara")
    team = make_member(workspace=brief.workspace, role=Role.REVIEWER)
    socket = guest_socket(clara, invite)

    async def scenario():
        assert (await socket.connect())[0]
        await database_sync_to_async(review_record)(generation=candidate, actor=Actor(user=team), decision="reject",
                                                    comment="Team only")
        message = await socket.receive_from(timeout=5)
        await socket.disconnect()
        return message

    message = async_to_sync(scenario)()
    # Rejected by the team: the card leaves the client's page, and the reason stays inside.
    assert message == f'<article id="gen-{candidate.id}" hx-swap-oob="delete"></article>'
