"""Tasks queued twice: a Redis restart loses the queue, and the sweep queues again what the database says
is unfinished while a worker may still be on it. The second worker's files must not cost the first's."""

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


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (30, 90, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def generation_with(status: GenerationStatus) -> Generation:
    prompt = Prompt.objects.create(brief=make_brief(), style="minimalist", text="a blue square")
    return Generation.objects.create(prompt=prompt, image_model=local_model(), status=status)


def stored_generation() -> Generation:
    generation = generation_with(GenerationStatus.SUCCEEDED)
    generation.image.save("image.png", ContentFile(png()))
    return generation


def files_in(folder: str) -> list[str]:
    from django.core.files.storage import default_storage

    return default_storage.listdir(folder)[1]


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
    folder, name = generation.thumbnail.name.rsplit("/", 1)
    assert files_in(folder) == [name]


def test_a_result_stored_twice_keeps_the_first_workers_image(storage):
    """Two workers polled the same finished job and both downloaded the image; the first one recorded wins."""
    from django.core.files.storage import default_storage

    from creative.providers.base import image_result

    generation = generation_with(GenerationStatus.POLLING)
    first, second = (Generation.objects.select_related("prompt").get(id=generation.id) for _ in range(2))
    data = png()

    pipeline.generation_store(generation=first, result=image_result(data))
    pipeline.generation_store(generation=second, result=image_result(data))

    generation.refresh_from_db()
    assert generation.status in (GenerationStatus.SUCCEEDED, GenerationStatus.SCORED)
    assert generation.image.name == first.image.name
    assert default_storage.exists(generation.image.name), storage
    with default_storage.open(generation.image.name) as fh:
        assert fh.read() == data
    folder, name = generation.image.name.rsplit("/", 1)
    assert files_in(folder) == [name]
