"""One brief fanned out to several real wire formats at once, through `creative run` and the real queue."""

from collections import Counter

import pytest

from creative.models import CallOutcome, Generation, GenerationStatus, ProviderCall
from tests.factories import LAUNCH_BRIEF, catalogue_model, run_command
from tests.fakes.fixtures import *  # noqa: F403  (provider fake fixtures)

MODELS = "imagen-4.0-generate-001,gpt-image-1.5,flux-pro-1.1"


@pytest.fixture
def fakes(monkeypatch, fake_imagen, fake_openai, fake_flux):
    """Point the environment at the fakes, as a user would point it at the real providers."""
    for name in MODELS.split(","):
        catalogue_model(name)
    imagen = fake_imagen.config()
    monkeypatch.setenv("VERTEX_ACCESS_TOKEN", imagen.api_key)
    monkeypatch.setenv("VERTEX_BASE_URL", imagen.base_url)
    monkeypatch.setenv("VERTEX_PROJECT", imagen.extra["project"])
    monkeypatch.setenv("VERTEX_LOCATION", imagen.extra["location"])
    monkeypatch.setenv("OPENAI_API_KEY", fake_openai.api_key)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("BFL_API_KEY", fake_flux.api_key)
    monkeypatch.setenv("BFL_BASE_URL", fake_flux.base_url)
    return fake_imagen, fake_openai, fake_flux


def generation_posts(fake, path_part):
    return [r for r in fake.requests_to(path_part, "POST")]


def test_run_fans_out_to_three_providers_and_pays_each_image_once(real_queue, fakes, tmp_path):
    fake_imagen, fake_openai, fake_flux = fakes
    out, _ = run_command("run", LAUNCH_BRIEF, "--models", MODELS, "--images-per-prompt", "1",
                         "--output", str(tmp_path / "out"))
    assert "[3/5] Images generated: 15 of 15 (0 failed)" in out
    # The fakes return one picture for every prompt: near-duplicates, so reviewers are shown it once.
    assert "[4/5] Candidates selected: 1" in out
    assert "imagen-4.0-generate-001: 5 image(s), $0.20 ($0.04 per image)" in out
    by_model = Counter(Generation.objects.filter(status=GenerationStatus.SCORED)
                       .values_list("image_model__name", flat=True))
    assert by_model == {"imagen-4.0-generate-001": 5, "gpt-image-1.5": 5, "flux-pro-1.1": 5}
    # One paid request per image at each provider: nothing was sent twice.
    assert len(generation_posts(fake_imagen, ":predict")) == 5
    assert len(generation_posts(fake_openai, "/images/generations")) == 5
    assert len(generation_posts(fake_flux, "/v1/flux-pro-1.1")) == 5
    calls = ProviderCall.objects.all()
    assert calls.count() == 15 and {c.outcome for c in calls} == {CallOutcome.SUCCEEDED}
    flux = Generation.objects.filter(image_model__name="flux-pro-1.1").first()
    assert flux.job_id and flux.cost_cents is not None


def test_a_failing_provider_leaves_the_others_results_intact(real_queue, fakes, tmp_path, client):
    _fake_imagen, fake_openai, _fake_flux = fakes
    for _ in range(5):
        fake_openai.refuse()
    out, err = run_command("run", LAUNCH_BRIEF, "--models", MODELS, "--images-per-prompt", "1",
                           "--output", str(tmp_path / "out"))
    assert "[3/5] Images generated: 10 of 15 (5 failed)" in out
    assert "gpt-image-1.5: content_policy" in err
    failed = Generation.objects.filter(status=GenerationStatus.FAILED)
    assert set(failed.values_list("image_model__name", "error_kind")) == {("gpt-image-1.5", "content_policy")}
    assert Generation.objects.filter(status=GenerationStatus.SCORED).count() == 10
    # A content-policy refusal is final: never retried.
    assert len(generation_posts(fake_openai, "/images/generations")) == 5


def test_workers_take_analysis_then_provider_calls_then_scoring(real_queue):
    from creative.pipeline import queue

    queue.generation_score(1)
    queue.export_run(2)
    queue.generation_run(3)
    queue.generation_poll(4)
    queue.brief_analyse(5)
    order = []
    while (task := real_queue.dequeue()) is not None:
        order.append((task.name, task.args[0]))
    assert order == [("brief_analyse", 5), ("generation_run", 3), ("generation_poll", 4),
                     ("generation_score", 1), ("export_run", 2)]


def test_a_brief_queues_its_slowest_models_first(real_queue):
    from creative import pipeline
    from tests.factories import make_generation, make_workspace

    slow, quick = catalogue_model("gpt-image-1.5"), catalogue_model("stable-diffusion-xl-1024-v1-0")
    new_async, new_sync = catalogue_model("flux-pro-1.1"), catalogue_model("imagen-4.0-generate-001")
    for model, seconds in ((slow, 30), (slow, 20), (quick, 3)):
        make_generation(image_model=model, status=GenerationStatus.SCORED, latency_ms=seconds * 1000)
    brief = pipeline.brief_submit(workspace=make_workspace(), author=None, text=LAUNCH_BRIEF,
                                  models=[quick, new_sync, slow, new_async], images_per_prompt=1)
    real_queue.flush()
    pipeline.brief_analyse(brief_id=brief.id)

    queued = [task.args[0] for task in real_queue.pending() if task.name == "generation_run"]
    rows = Generation.objects.select_related("image_model").in_bulk(queued)
    names = [rows[i].image_model.name for i in queued]
    # Never run before, async first; then by the time each model took: gpt-image 25 s, SDXL 3 s.
    order = ["flux-pro-1.1", "imagen-4.0-generate-001", "gpt-image-1.5", "stable-diffusion-xl-1024-v1-0"]
    assert names == [name for name in order for _ in range(5)]


def test_a_new_job_stage_is_polled_by_its_own_age(real_queue, monkeypatch, fake_midjourney):
    from datetime import timedelta

    from django.utils import timezone

    from creative import pipeline
    from tests.factories import make_generation

    monkeypatch.setenv("MIDJOURNEY_RELAY_URL", fake_midjourney.base_url)
    monkeypatch.setenv("MIDJOURNEY_RELAY_SECRET", fake_midjourney.api_key)
    fake_midjourney.pending_polls = 2
    generation = make_generation(image_model=catalogue_model("midjourney"))
    pipeline.generation_run(generation_id=generation.id)
    grid_id = Generation.objects.get(id=generation.id).job_id
    # The grid has run for five minutes: its polls come every 10 s (the most).
    long_ago = timezone.now() - timedelta(minutes=5)
    Generation.objects.filter(id=generation.id).update(requested_at=long_ago, job_started_at=long_ago)

    def next_poll_in() -> float:
        real_queue.flush()
        pipeline.generation_poll(generation_id=generation.id)
        (poll,) = real_queue.pending()  # a worker moves it to the schedule when it takes it
        return (poll.eta - timezone.now().replace(tzinfo=None)).total_seconds()

    assert next_poll_in() > 9
    while Generation.objects.get(id=generation.id).job_id == grid_id:
        next_poll_in()  # the grid finishes and the relay starts the upscale under a new id
    # The upscale stage began a moment ago: it is polled within a second, not every 10 s.
    assert next_poll_in() < 1.5
    assert Generation.objects.get(id=generation.id).status == GenerationStatus.POLLING
