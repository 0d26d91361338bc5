import pytest

from tests.fakes.webhook_receiver import WebhookReceiver


@pytest.fixture
def receiver(settings):
    settings.CREATIVE_WEBHOOK_ALLOW_PRIVATE = True  # the receiver listens on 127.0.0.1
    server = WebhookReceiver().start()
    yield server
    server.stop()
