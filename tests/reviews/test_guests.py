"""Client reviewers by expiring link: one brief only, a name asked once and recorded with each decision."""

from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.urls import reverse
from django.utils import timezone

from config.asgi import application
from creative.models import GenerationStatus, Role
from reviews.models import Activity, ApprovalStage, GuestInvite, Review
from tests.factories import make_brief, make_generation, make_member, make_workspace

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def brief():
    return make_brief(workspace=make_workspace(), status="reviewing")


@pytest.fixture
def invite(client, brief):
    reviewer = make_member(workspace=brief.workspace, role=Role.REVIEWER)
    client.force_login(reviewer)
    response = client.post(reverse("reviews:invite", args=[brief.id]), {"days": 3})
    assert response.status_code == 200
    invite = GuestInvite.objects.get()
    assert reverse("reviews:guest", args=[invite.token]) in response.content.decode()
    client.logout()
    return invite


def named_guest(client, invite, name="Clara"):
    url = reverse("reviews:guest", args=[invite.token])
    assert b"Your name" in client.get(url).content
    assert client.post(url, {"name": name}).status_code == 302
    return url


def test_guest_gives_a_name_once_and_reviews_with_it(client, invite, brief):
    generation = make_generation(brief=brief, status=GenerationStatus.SCORED, score=70, candidate=True)
    url = named_guest(client, invite)
    page = client.get(url).content.decode()
    assert "Reviewing as <strong>Clara</strong>" in page and f'id="gen-{generation.id}"' in page
    response = client.post(reverse("reviews:guest_review", args=[invite.token, generation.id]),
                           {"decision": "approve", "comment": "Client is happy"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "You approved this image" in response.content.decode() and "Client is happy" in response.content.decode()
    review = Review.objects.get()
    assert (review.reviewer, review.guest_name, review.decision) == (None, "Clara", "approve")
    assert Activity.objects.filter(guest_name="Clara", verb="approved").exists()


def test_guest_acts_for_the_last_approval_stage(client, brief):
    ApprovalStage.objects.create(workspace=brief.workspace, name="creative lead", position=0)
    ApprovalStage.objects.create(workspace=brief.workspace, name="client", position=1)
    from reviews.guests import invite_create

    invite = invite_create(brief=brief, created_by=None)
    generation = make_generation(brief=brief, status=GenerationStatus.SCORED, score=70, candidate=True)
    named_guest(client, invite)
    response = client.post(reverse("reviews:guest_review", args=[invite.token, generation.id]), {"decision": "approve"})
    assert response.status_code == 422 and b"waiting for the creative lead stage" in response.content


def test_guest_sees_only_the_invited_brief(client, invite, brief):
    elsewhere = make_generation(brief=make_brief(workspace=brief.workspace), status=GenerationStatus.SCORED, score=1)
    named_guest(client, invite)
    assert client.post(reverse("reviews:guest_review", args=[invite.token, elsewhere.id]),
                       {"decision": "approve"}).status_code == 404
    assert client.get(reverse("reviews:guest_image", args=[invite.token, elsewhere.id, "thumb"])).status_code == 404
    assert client.get(reverse("reviews:gallery", args=[brief.id])).status_code == 302  # members only: to login
    assert Review.objects.count() == 0


@pytest.mark.parametrize("change", [{"expires_at": timezone.now() - timedelta(seconds=1)},
                                    {"revoked_at": timezone.now()}])
def test_expired_or_revoked_links_show_nothing(client, invite, change):
    GuestInvite.objects.filter(id=invite.id).update(**change)
    assert client.get(reverse("reviews:guest", args=[invite.token])).status_code == 404


def test_guest_websocket_needs_the_name_in_the_session(client, invite, brief):
    named_guest(client, invite)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()

    def connects(headers):
        async def scenario():
            communicator = WebsocketCommunicator(application, f"/ws/briefs/{brief.id}/?guest={invite.token}",
                                                 headers=[(b"origin", b"http://127.0.0.1"), *headers])
            connected, _ = await communicator.connect()
            await communicator.disconnect()
            return connected
        return async_to_sync(scenario)()

    assert connects([(b"cookie", cookie)])
    assert not connects([])
