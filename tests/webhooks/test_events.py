"""Events leave the pipeline where its transitions happen, once they commit."""

import json

import pytest

from creative import pipeline
from creative.models import WebhookDelivery, WebhookEvent
from creative.webhooks.endpoints import webhook_endpoint_create
from reviews.decisions import Actor, review_record
from tests.factories import local_model, make_brief, make_generation, make_member, make_scored, make_workspace

pytestmark = pytest.mark.django_db(transaction=True)


def _events(workspace) -> list[tuple[str, dict]]:
    return [(d.event, json.loads(d.body)["data"]) for d in
            WebhookDelivery.objects.filter(endpoint__workspace=workspace).order_by("id")]


@pytest.fixture
def subscribed(receiver):
    workspace = make_workspace()
    endpoint = webhook_endpoint_create(workspace=workspace, url=receiver.url, events=list(WebhookEvent.values))
    receiver.secret = endpoint.secret
    return workspace


def test_a_brief_reaching_review_is_announced(subscribed, receiver):
    brief = pipeline.brief_submit(workspace=subscribed, author=None, text="An ad image for a smartwatch for runners.",
                                  models=[local_model()], images_per_prompt=1)
    events = _events(subscribed)
    assert [e for e, _ in events] == [WebhookEvent.BRIEF_READY_FOR_REVIEW]
    assert events[0][1]["brief_id"] == brief.id and events[0][1]["candidates"] >= 1
    assert len(receiver.received) == 1 and receiver.received[0].verified


def test_a_decision_is_announced_and_a_comment_is_not(subscribed):
    generation = make_scored(make_brief(workspace=subscribed, status="reviewing"))
    reviewer = make_member(workspace=subscribed)
    review_record(generation=generation, actor=Actor(user=reviewer), decision="comment", comment="warmer?")
    review_record(generation=generation, actor=Actor(user=reviewer), decision="approve")
    [(event, data)] = _events(subscribed)
    assert event == WebhookEvent.REVIEW_DECIDED
    assert data["decision"] == "approve" and data["generation_id"] == generation.id


def test_a_failed_generation_is_announced(subscribed):
    generation = make_generation(brief=make_brief(workspace=subscribed), status="requesting")
    pipeline.generation_fail(generation=generation, kind="content_policy", detail="refused")
    assert (WebhookEvent.GENERATION_FAILED, "content_policy") in [(e, d.get("error_kind")) for e, d in
                                                                   _events(subscribed)]
