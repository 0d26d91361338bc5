"""A scoring task queued twice (a Redis restart re-queues what the database says is unscored)."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from PIL import Image

from creative import pipeline
from creative.models import Generation, GenerationStatus, Prompt
from creative.pipeline import scoring
from tests.factories import local_model, make_brief

pytestmark = pytest.mark.django_db(transaction=True)


def stored_generation() -> Generation:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (30, 90, 200)).save(buffer, "PNG")
    prompt = Prompt.objects.create(brief=make_brief(), style="minimalist", text="a blue square")
    generation = Generation.objects.create(prompt=prompt, image_model=local_model(),
                                           status=GenerationStatus.SUCCEEDED)
    generation.image.save("image.png", ContentFile(buffer.getvalue()))
    return generation


@pytest.fixture(params=["new_name", "overwrite"])
def storage(request, settings, tmp_path):
    """The file system gives a second save a new name; S3 (django-storages' default) overwrites the key."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path), "allow_overwrite": request.param == "overwrite"},
    }}
    return request.param


def other_worker_scores_first(monkeypatch, generation_id):
    """The second copy of the task finishes while the first is still computing its facts."""
    real = scoring.image_facts
    calls = []

    def facts(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            pipeline.generation_score(generation_id=generation_id)
        return real(*args, **kwargs)

    monkeypatch.setattr(scoring, "image_facts", facts)
    return calls


def test_the_losing_scorer_leaves_the_winners_thumbnail_in_storage(storage, monkeypatch):
    from django.core.files.storage import default_storage

    assert isinstance(default_storage, FileSystemStorage)
    generation = stored_generation()
    calls = other_worker_scores_first(monkeypatch, generation.id)

    pipeline.generation_score(generation_id=generation.id)

    assert len(calls) == 2
    generation.refresh_from_db()
    assert generation.status == GenerationStatus.SCORED
    assert default_storage.exists(generation.thumbnail.name), storage
    with default_storage.open(generation.thumbnail.name) as fh:
        assert fh.read(4) == b"RIFF"
    # Nothing but the kept thumbnail is left behind in the thumbnails folder.
    folder = generation.thumbnail.name.rsplit("/", 1)[0]
    assert default_storage.listdir(folder)[1] == [generation.thumbnail.name.rsplit("/", 1)[1]]
