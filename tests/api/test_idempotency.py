"""`Idempotency-Key`: a retried write answers as the first did and never creates (or pays for) a second brief."""

import threading

import pytest
from django.db import connection
from django.test import Client

from creative.models import Brief, IdempotencyRecord, Role, TokenScope
from tests.api.conftest import token_for
from tests.factories import LAUNCH_BRIEF, local_model, make_member, make_workspace


def _body(model_name: str, text: str = LAUNCH_BRIEF) -> dict:
    return {"text": text, "models": [model_name], "images_per_prompt": 1, "review_prompts": True}


@pytest.mark.django_db
def test_the_same_key_and_body_replay_the_first_answer(designer_api):
    body = _body(local_model().name)
    first = designer_api.post("/api/v1/briefs", body, key="order-17")
    again = designer_api.post("/api/v1/briefs", body, key="order-17")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Brief.objects.count() == 1


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_422(designer_api):
    model = local_model()
    designer_api.post("/api/v1/briefs", _body(model.name), key="order-18")
    other = designer_api.post("/api/v1/briefs", _body(model.name, text=LAUNCH_BRIEF + " Also in green."),
                              key="order-18")
    assert other.status_code == 422
    assert "different request" in other.json()["detail"]
    assert Brief.objects.count() == 1


@pytest.mark.django_db
def test_a_refused_write_keeps_no_answer_so_a_corrected_retry_runs(designer_api):
    model = local_model()
    assert designer_api.post("/api/v1/briefs", _body("no-such-model"), key="order-19").status_code == 422
    assert not IdempotencyRecord.objects.exists()
    assert designer_api.post("/api/v1/briefs", _body(model.name), key="order-19").status_code == 201


@pytest.mark.django_db
def test_keys_are_per_token(designer_api, workspace, api_admin):
    body = _body(local_model().name)
    other = token_for(workspace=workspace, scope=TokenScope.DESIGNER, admin=api_admin)
    designer_api.post("/api/v1/briefs", body, key="shared-key")
    from tests.api.conftest import Api

    Api(other).post("/api/v1/briefs", body, key="shared-key")
    assert Brief.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_retries_with_one_key_create_one_brief():
    """Twenty threads post the same brief with the same key at once: one brief; every answer is its 201 or a 409
    asking to retry, and a retry afterwards replays the 201."""
    workspace = make_workspace()
    token = token_for(workspace=workspace, scope=TokenScope.DESIGNER,
                      admin=make_member(workspace=workspace, role=Role.ADMIN))
    body = _body(local_model().name)
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "launch-2026"}
    start, answers = threading.Barrier(20), []

    def post():
        try:
            start.wait()
            response = Client().post("/api/v1/briefs", body, content_type="application/json", headers=headers)
            answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Brief.objects.count() == 1
    brief_id = Brief.objects.get().id
    assert {status for status, _ in answers} <= {201, 409}, answers
    assert all(body["id"] == brief_id for status, body in answers if status == 201)
    retry = Client().post("/api/v1/briefs", body, content_type="application/json", headers=headers)
    assert retry.status_code == 201 and retry.json()["id"] == brief_id
