import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from config.asgi import application
from creative.models import GenerationStatus, Role
from reviews.decisions import Actor, review_record
from tests.factories import make_brief, make_generation, make_member, make_workspace

pytestmark = pytest.mark.django_db(transaction=True)


def communicator_for(user, brief_id):
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return WebsocketCommunicator(
        application, f"/ws/briefs/{brief_id}/",
        headers=[(b"cookie", f"sessionid={session.session_key}".encode()), (b"origin", b"http://127.0.0.1")],
    )


def test_member_sees_another_reviewers_decision_live():
    workspace = make_workspace()
    watcher = make_member(workspace=workspace, role=Role.REVIEWER)
    actor = make_member(workspace=workspace, role=Role.REVIEWER)
    brief = make_brief(workspace=workspace)
    generation = make_generation(brief=brief, status=GenerationStatus.SCORED, score=77)

    communicator = communicator_for(watcher, brief.id)

    async def scenario():
        connected, _ = await communicator.connect()
        assert connected
        await database_sync_to_async(review_record)(generation=generation, actor=Actor(user=actor), decision="approve",
                                                    comment="Ship it")
        message = await communicator.receive_from(timeout=5)
        await communicator.disconnect()
        return message

    message = async_to_sync(scenario)()
    assert f'id="gen-{generation.id}"' in message and 'hx-swap-oob="true"' in message
    assert "Ship it" in message and "approved" in message
    assert f'hx-post="/briefs/images/{generation.id}/review/"' in message  # the watcher may review too


def test_designer_watching_gets_cards_without_review_buttons():
    workspace = make_workspace()
    designer = make_member(workspace=workspace, role=Role.DESIGNER)
    reviewer = make_member(workspace=workspace, role=Role.REVIEWER)
    brief = make_brief(workspace=workspace)
    generation = make_generation(brief=brief, status=GenerationStatus.SCORED, score=60)

    communicator = communicator_for(designer, brief.id)

    async def scenario():
        assert (await communicator.connect())[0]
        await database_sync_to_async(review_record)(generation=generation, actor=Actor(user=reviewer), decision="reject")
        message = await communicator.receive_from(timeout=5)
        await communicator.disconnect()
        return message

    message = async_to_sync(scenario)()
    assert "rejected" in message and 'name="decision"' not in message  # no review buttons for designers


def test_outsider_cannot_open_the_websocket():
    brief = make_brief(workspace=make_workspace())
    outsider = make_member(workspace=make_workspace(), role=Role.ADMIN)

    communicator = communicator_for(outsider, brief.id)

    async def scenario():
        connected, code = await communicator.connect()
        return connected, code

    connected, code = async_to_sync(scenario)()
    assert not connected and code == 4404
