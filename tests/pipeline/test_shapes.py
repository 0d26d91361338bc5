"""Channel shapes: each model asked for its native size per shape, fan-out and estimate counting every shape,
the local renderer drawing each shape, and exports cutting each preset from the closest shape."""

import io
import json
import zipfile
from decimal import Decimal

import pytest
from PIL import Image

from creative import pipeline
from creative.models import Generation, GenerationStatus, ImageModel, Prompt
from creative.pipeline.generations import job_for
from creative.providers.registry import PROVIDERS, build_client
from creative.shapes import native_size
from tests.factories import LAUNCH_BRIEF, local_model, make_generation, make_image_model, make_workspace
from tests.fakes.fixtures import *  # noqa: F403  (provider fake fixtures)
from tests.fakes.server import parse_form


def adapter(model: ImageModel, fake):
    config = fake.config()
    provider_cls = PROVIDERS[model.provider]
    return provider_cls(config=config, client=build_client(provider_cls, config, timeout=5.0))


def job(model_name: str, shape: str, prompt: str = ""):
    """The job a generation of the seeded catalogue model (sizes as migrated) makes for `shape`."""
    model = ImageModel.objects.get(name=model_name)
    generation = make_generation(image_model=model, shape=shape, seed=7)
    if prompt:
        Prompt.objects.filter(id=generation.prompt_id).update(text=prompt)
        generation.refresh_from_db()
    return model, job_for(generation)


# Synchronous families: the wire parameter each sends, and the size the fake (checking the official request
# format) made.
@pytest.mark.django_db
@pytest.mark.parametrize(("model_name", "fake_name", "shape", "sent", "made"), [
    ("gpt-image-1.5", "fake_openai", "story", {"size": "1024x1536"}, (1024, 1536)),
    ("gpt-image-1.5", "fake_openai", "landscape", {"size": "1536x1024"}, (1536, 1024)),
    ("imagen-4.0-generate-001", "fake_imagen", "story", {"aspectRatio": "9:16"}, (768, 1408)),
    ("imagen-4.0-generate-001", "fake_imagen", "wide", {"aspectRatio": "16:9"}, (1408, 768)),
    # The 1K 16:9 is 1344 px long: asked as 1K, not the dearer 2K.
    ("gemini-3.1-flash-image", "fake_gemini", "wide", {"aspectRatio": "16:9"}, (1344, 768)),
    ("gemini-3.1-flash-image", "fake_gemini", "portrait", {"aspectRatio": "4:5"}, (896, 1152)),
    ("stable-image-core", "fake_stability", "portrait", {"aspect_ratio": "4:5"}, None),
    ("stable-image-core", "fake_stability", "landscape", {"aspect_ratio": "16:9"}, None),
])
def test_each_family_is_asked_its_native_size_for_a_shape(request, model_name, fake_name, shape, sent, made):
    fake = request.getfixturevalue(fake_name)
    model, image_job = job(model_name, shape)

    result = adapter(model, fake).generate(image_job)

    (call,) = [r for r in fake.requests if r.method == "POST"]
    if fake_name == "fake_stability":
        body = parse_form(call)[0]
    else:
        body = call.json()
        body = body.get("parameters") or body.get("generationConfig", {}).get("imageConfig") or body
    assert {key: body.get(key) for key in sent} == sent
    assert "sampleImageSize" not in body and "imageSize" not in body
    if made:
        assert Image.open(io.BytesIO(result.data)).size == made


@pytest.mark.django_db
def test_async_families_submit_the_shape(fake_flux, fake_firefly, fake_midjourney):
    flux, flux_job = job("flux-pro-1.1", "portrait")
    adapter(flux, fake_flux).submit(flux_job)
    assert {k: fake_flux.requests[-1].json()[k] for k in ("width", "height")} == {"width": 896, "height": 1120}

    firefly, firefly_job = job("image3", "wide")
    adapter(firefly, fake_firefly).submit(firefly_job)
    (generate,) = fake_firefly.requests_to("/v3/images/generate-async", "POST")
    assert generate.json()["size"] == {"width": 1344, "height": 768}

    # A prompt written with the family's --ar (before the shapes fanned out) is asked in the job's shape.
    midjourney, mj_job = job("midjourney", "story", prompt="a smartwatch on a wrist --ar 1:1 --style raw")
    adapter(midjourney, fake_midjourney).submit(mj_job)
    prompt = fake_midjourney.requests_to("/mj/submit/imagine")[0].json()["prompt"]
    assert prompt.count("--ar") == 1 and "--ar 9:16" in prompt and "--style raw" in prompt


def test_a_model_taking_any_size_gets_the_exact_ratio_near_the_configured_area(settings):
    settings.CREATIVE_IMAGE_SIZE = 1024
    assert native_size(sizes=[], provider="local", shape="square") == (1024, 1024)
    width, height = native_size(sizes=[], provider="local", shape="story")
    assert (width % 16, height % 16) == (0, 0) and abs(width / height - 9 / 16) < 0.01
    assert abs(width * height - 1024 * 1024) / (1024 * 1024) < 0.03
    # At a small size too, rounding to the multiple keeps the ratio a ratio-taking provider is asked for.
    settings.CREATIVE_IMAGE_SIZE = 256
    width, height = native_size(sizes=[], provider="midjourney", shape="story")
    assert abs(width / height - 9 / 16) / (9 / 16) < 0.01
    # OpenAI's "auto" is no size: the listed sizes decide.
    assert native_size(sizes=["auto", "1024x1024", "1024x1536"], provider="openai", shape="portrait") == (1024, 1536)


@pytest.mark.django_db(transaction=True)
def test_fan_out_makes_every_shape_of_every_image_and_the_estimate_counts_them():
    priced = make_image_model(price_cents=4)
    estimate = pipeline.brief_estimate(models=[priced], images_per_prompt=2, shapes=["square", "story", "wide"])
    assert (estimate.images, estimate.images_cents) == (30, Decimal(120))
    assert pipeline.brief_estimate(models=[priced], images_per_prompt=2).images == 10

    brief = pipeline.brief_submit(workspace=make_workspace(), author=None, text=LAUNCH_BRIEF, models=[local_model()],
                                  images_per_prompt=1, shapes=["story", "square"])

    made = list(Generation.objects.filter(prompt__brief=brief))
    assert brief.shapes == ["square", "story"]
    assert len(made) == 10 and sorted(g.shape for g in made) == ["square"] * 5 + ["story"] * 5
    # The shapes of one image share its prompt and seed.
    assert len({(g.prompt_id, g.seed) for g in made}) == 5


@pytest.mark.django_db
def test_unknown_shapes_are_refused_before_anything_is_stored():
    with pytest.raises(pipeline.BriefError, match="Unknown shape 'banner'"):
        pipeline.brief_submit(workspace=make_workspace(), author=None, text=LAUNCH_BRIEF, models=[local_model()],
                              images_per_prompt=1, shapes=["square", "banner"])
    with pytest.raises(pipeline.BriefError, match="at least one shape"):
        pipeline.brief_submit(workspace=make_workspace(), author=None, text=LAUNCH_BRIEF, models=[local_model()],
                              images_per_prompt=1, shapes=[])
    assert not Generation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_local_renderer_draws_each_shape_and_scores_it(settings):
    brief = pipeline.brief_submit(workspace=make_workspace(), author=None, text=LAUNCH_BRIEF, models=[local_model()],
                                  images_per_prompt=1, shapes=["square", "story", "landscape"])

    made = Generation.objects.filter(prompt__brief=brief)
    assert {g.status for g in made} == {GenerationStatus.SCORED}
    side = settings.CREATIVE_IMAGE_SIZE
    for generation in made:
        expected = native_size(sizes=[], provider="local", shape=generation.shape)
        with generation.image.open("rb") as fh, Image.open(fh) as image:
            assert image.size == expected == (generation.width, generation.height)
        assert generation.score is not None and len(generation.phash) == 16
    story = made.get(shape="story", prompt__position=made.first().prompt.position)
    assert story.height > story.width and abs(story.width * story.height / (side * side) - 1) < 0.2
    assert story.shape_ratio == "9:16"


@pytest.mark.django_db(transaction=True)
def test_export_cuts_each_preset_from_the_closest_shape_and_says_so():
    brief = pipeline.brief_submit(workspace=make_workspace(), author=None, text=LAUNCH_BRIEF, models=[local_model()],
                                  images_per_prompt=1, shapes=["square", "story"])
    square = Generation.objects.filter(prompt__brief=brief, shape="square").first()
    story = Generation.objects.get(prompt=square.prompt, seed=square.seed, shape="story")

    export = pipeline.export_create(brief=brief, generations=[square],
                                    presets=["instagram_square", "instagram_story", "facebook_post"], formats=["png"])
    export.refresh_from_db()

    with export.zip.open("rb") as fh, zipfile.ZipFile(fh) as archive:
        manifest = {row["preset"]: row for row in json.loads(archive.read("manifest.json"))}
        story_png = archive.read(manifest["instagram_story"]["file"])
    assert {preset: row["source_generation_id"] for preset, row in manifest.items()} == {
        "instagram_square": square.id, "instagram_story": story.id, "facebook_post": square.id,
    }
    assert {row["generation_id"] for row in manifest.values()} == {square.id}
    assert len({row["file"].split("/")[0] for row in manifest.values()}) == 1
    assert Image.open(io.BytesIO(story_png)).size == (1080, 1920)
    assert export.done_count == export.total_count == 3
