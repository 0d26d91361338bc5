"""Webhook deliveries: signed per Standard Webhooks, retried with back-off, the endpoint disabled after a day."""

import json
import time

import pytest

from creative.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from creative.webhooks.delivery import webhook_deliver, webhook_redeliver
from creative.webhooks.emit import deliveries_create
from creative.webhooks.endpoints import webhook_endpoint_create
from tests.factories import make_brief, make_workspace


def _endpoint(receiver, *, events=(WebhookEvent.EXPORT_DONE,)) -> WebhookEndpoint:
    endpoint = webhook_endpoint_create(workspace=make_workspace(), url=receiver.url, events=list(events))
    receiver.secret = endpoint.secret
    return endpoint


@pytest.mark.django_db
def test_a_delivery_is_signed_per_standard_webhooks(receiver, django_capture_on_commit_callbacks):
    endpoint = _endpoint(receiver)
    brief = make_brief(workspace=endpoint.workspace)
    with django_capture_on_commit_callbacks(execute=True):
        [delivery] = deliveries_create(event=WebhookEvent.EXPORT_DONE, brief_id=brief.id, data={"export_id": 7})
    [got] = receiver.received
    assert got.verified
    assert got.headers["webhook-id"] == delivery.message_id
    assert got.headers["webhook-signature"].startswith("v1,")
    assert abs(int(got.headers["webhook-timestamp"]) - time.time()) < 60
    body = json.loads(got.body)
    assert body["type"] == "export.done" and body["data"]["export_id"] == 7 and body["data"]["brief_id"] == brief.id
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 1


@pytest.mark.django_db
def test_an_altered_body_fails_verification(receiver):
    endpoint = _endpoint(receiver)
    brief = make_brief(workspace=endpoint.workspace)
    [delivery] = deliveries_create(event=WebhookEvent.EXPORT_DONE, brief_id=brief.id, data={})
    WebhookDelivery.objects.filter(id=delivery.id).update(body=delivery.body.replace("export.done", "export.dome"))
    receiver.secret = "whsec_" + "QUJD" * 8  # and a secret not the endpoint's
    webhook_deliver(delivery_id=delivery.id)
    assert receiver.received[0].verified is False


@pytest.mark.django_db
def test_only_subscribed_events_are_delivered(receiver):
    endpoint = _endpoint(receiver, events=[WebhookEvent.BRIEF_FAILED])
    brief = make_brief(workspace=endpoint.workspace)
    assert deliveries_create(event=WebhookEvent.EXPORT_DONE, brief_id=brief.id, data={}) == []
    assert deliveries_create(event=WebhookEvent.EXPORT_DONE, brief_id=make_brief().id, data={}) == []


def test_a_receiver_failing_twice_gets_the_third_attempt_after_back_off(receiver, real_queue, settings):
    """Two 500s, then 200: the worker retries after 1 s, then 2 s (the schedule, shortened), and stops."""
    from config.huey import EmbeddedConsumer

    settings.CREATIVE_WEBHOOK_RETRY_DELAYS = [1, 2, 4]
    receiver.statuses = [500, 503]
    endpoint = _endpoint(receiver)
    brief = make_brief(workspace=endpoint.workspace)
    consumer = EmbeddedConsumer(real_queue, workers=1, worker_type="thread", check_worker_health=False,
                                initial_delay=0.05, max_delay=0.2, scheduler_interval=1)
    consumer.start()
    try:
        [delivery] = deliveries_create(event=WebhookEvent.EXPORT_DONE, brief_id=brief.id, data={})
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and len(receiver.received) < 3:
            time.sleep(0.1)
    finally:
        consumer.stop(graceful=True)
    assert len(receiver.received) == 3
    assert all(r.verified for r in receiver.received)
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1  # one message, three attempts
    gaps = [b.at - a.at for a, b in zip(receiver.received, receiver.received[1:])]
    assert 0.9 <= gaps[0] < 3 and 1.9 <= gaps[1] < 4.5, gaps
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 3


@pytest.mark.django_db
def test_a_delivery_failing_its_whole_schedule_disables_the_endpoint(receiver, settings):
    settings.CREATIVE_WEBHOOK_RETRY_DELAYS = [1]
    receiver.statuses = [500, 500]
    endpoint = _endpoint(receiver)
    [delivery] = deliveries_create(event=WebhookEvent.EXPORT_DONE, brief_id=make_brief(workspace=endpoint.workspace).id,
                                   data={})
    webhook_deliver(delivery_id=delivery.id)  # the scheduled retry is run by hand here
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and delivery.next_attempt_at is not None
    webhook_deliver(delivery_id=delivery.id)
    delivery.refresh_from_db()
    endpoint.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.last_status_code == 500
    assert not endpoint.enabled and "failed 2 times" in endpoint.disabled_reason
    # A manual redelivery re-enables it and sends the same message again.
    webhook_redeliver(delivery=delivery)
    webhook_deliver(delivery_id=delivery.id)
    delivery.refresh_from_db()
    endpoint.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and endpoint.enabled
    assert receiver.received[-1].headers["webhook-id"] == delivery.message_id


@pytest.mark.django_db
def test_a_connection_refused_is_retried(settings):
    settings.CREATIVE_WEBHOOK_ALLOW_PRIVATE = True
    endpoint = webhook_endpoint_create(workspace=make_workspace(), url="http://127.0.0.1:9/hooks",
                                       events=[WebhookEvent.EXPORT_DONE])
    [delivery] = deliveries_create(event=WebhookEvent.EXPORT_DONE, brief_id=make_brief(workspace=endpoint.workspace).id,
                                   data={})
    webhook_deliver(delivery_id=delivery.id)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert "ConnectError" in delivery.last_error


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["http://127.0.0.1/hooks", "http://10.0.0.5/hooks", "http://169.254.169.254/latest",
                                 "http://[::1]/hooks", "http://192.168.1.1/", "ftp://example.com/hooks",
                                 "http://user:pw@203.0.113.9/hooks"])
def test_private_and_odd_targets_are_refused(url):
    with pytest.raises(ValueError):
        webhook_endpoint_create(workspace=make_workspace(), url=url, events=[WebhookEvent.EXPORT_DONE])
    assert not WebhookEndpoint.objects.exists()
