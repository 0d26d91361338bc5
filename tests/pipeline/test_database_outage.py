"""The database goes away around a paid call (a restart, a failover): the call is sent once and its image kept.

The outage is the database refusing queries for a moment, raised where Django runs them
(`connection.execute_wrapper`), so every query the worker makes meets it as it would a restarting server.
"""

from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection

from creative import pipeline
from creative.models import CallOutcome, GenerationStatus, ProviderCall
from tests.factories import catalogue_model, make_generation
from tests.fakes.fixtures import *  # noqa: F403  (provider fake fixtures)
from tests.product_photos import bottle_photo

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes its broken connection


@pytest.fixture
def openai_env(monkeypatch, fake_openai):
    monkeypatch.setenv("OPENAI_API_KEY", fake_openai.api_key)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    return fake_openai


@contextmanager
def database_down_for(table: str, *, times: int):
    """The first `times` queries that read `table` fail as a restarting server's would."""
    left = [times]

    def refuse(execute, sql, params, many, context):
        if table in sql and left[0] > 0:
            left[0] -= 1
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield


def test_a_query_failing_after_the_claim_neither_fails_nor_loses_the_call(openai_env, monkeypatch):
    # The product photo is read after the slot is claimed, just before the call: the worker waits the outage out.
    monkeypatch.setattr("creative.pipeline.generations.OUTAGE_FIRST_DELAY", 0.01)
    generation = make_generation(image_model=catalogue_model("gpt-image-1.5"))
    photos = pipeline.references_decode(uploads=[bottle_photo(size=(320, 400))])
    pipeline.brief_references_add(brief=generation.prompt.brief, photos=photos)

    with database_down_for("creative_briefreference", times=2):
        pipeline.generation_run(generation_id=generation.id)

    generation.refresh_from_db()
    assert generation.status in (GenerationStatus.SUCCEEDED, GenerationStatus.SCORED), generation.error_detail
    assert len(openai_env.paid) == 1
    assert list(ProviderCall.objects.filter(generation=generation).values_list("outcome", flat=True)) == [
        CallOutcome.SUCCEEDED
    ]
