"""Product photos on a brief: decoded within limits, cut out, carried to every job, checked in every image."""

import io

import numpy as np
import pytest
from django.db import transaction
from PIL import Image

from creative import pipeline
from creative.models import BriefReference, CutoutMethod, Generation, GenerationStatus, ReferenceKind
from creative.pipeline.generations import job_for
from creative.pipeline.selection import candidates_select
from creative.references import ReferenceImageError, cutout_make, reference_decode
from tests.factories import LAUNCH_BRIEF, local_model, make_workspace
from tests.product_photos import bottle_photo, transparent_png

pytestmark = pytest.mark.django_db(transaction=True)


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def busy_photo() -> bytes:
    noise = np.random.default_rng(3).integers(0, 255, (300, 400, 3), dtype=np.uint8)
    return png(Image.fromarray(noise))


def submit_with(photos: list[bytes], **fields):
    with transaction.atomic():
        brief = pipeline.brief_submit(workspace=make_workspace(), author=None, text=LAUNCH_BRIEF,
                                      models=[local_model()], images_per_prompt=fields.pop("images_per_prompt", 3))
        pipeline.brief_references_add(brief=brief, photos=pipeline.references_decode(uploads=photos), **fields)
    return brief


def test_launch_brief_with_a_product_photo_keeps_the_product_in_all_fifteen_images():
    brief = submit_with([bottle_photo()])
    generations = list(Generation.objects.filter(prompt__brief=brief).select_related("prompt"))
    assert len(generations) == 15
    assert {g.status for g in generations} == {GenerationStatus.SCORED}
    assert len({g.prompt.style for g in generations}) == 5
    fidelities = [g.checks["product"]["fidelity"] for g in generations]
    assert min(fidelities) >= 90, fidelities
    assert all(g.score_breakdown["fidelity"] == g.checks["product"]["fidelity"] for g in generations)
    # Visibly different layouts: no two images, not even a prompt's three seeds, look alike.
    assert len({g.phash for g in generations}) == 15
    assert len({tuple(g.checks["product"]["box"]) for g in generations}) == 15


def test_every_job_of_the_brief_carries_the_photo_and_its_cutout():
    brief = submit_with([bottle_photo()], images_per_prompt=1)
    (reference,) = job_for(Generation.objects.filter(prompt__brief=brief).first()).references
    assert (reference.kind, reference.mime_type) == ("product", "image/png")
    assert Image.open(io.BytesIO(reference.cutout)).mode == "RGBA"


def test_a_transparent_png_is_its_own_cutout_and_a_studio_photo_is_cut_from_its_background():
    brief = submit_with([transparent_png(bottle_photo()), bottle_photo()], images_per_prompt=1)
    methods = list(BriefReference.objects.filter(brief=brief).values_list("cutout_method", flat=True))
    assert methods == [CutoutMethod.ALPHA, CutoutMethod.BACKGROUND]


def test_a_busy_photo_waits_for_the_designers_box():
    brief = submit_with([busy_photo()], images_per_prompt=1)
    reference = BriefReference.objects.get(brief=brief)
    assert reference.cutout_method == CutoutMethod.NONE and not reference.cutout
    pipeline.brief_reference_box_set(reference=reference, box=(0.25, 0.25, 0.75, 0.75))
    reference.refresh_from_db()
    assert reference.cutout_method == CutoutMethod.BOX
    assert Image.open(reference.cutout.open("rb")).size == (200, 150)


@pytest.mark.parametrize("box", [(0.5, 0.5, 0.4, 0.9), (0.0, 0.0, 1.2, 1.0), (0.1, 0.1, 0.12, 0.12)])
def test_a_box_outside_the_photo_or_inside_out_is_refused(box):
    brief = submit_with([busy_photo()], images_per_prompt=1)
    with pytest.raises(ReferenceImageError):
        pipeline.brief_reference_box_set(reference=BriefReference.objects.get(brief=brief), box=box)


def test_the_workspace_logo_is_added_when_asked():
    workspace = make_workspace()
    kit = pipeline.brand_kit_for(workspace)
    pipeline.brand_kit_logo_set(kit=kit, data=png(Image.new("RGBA", (120, 40), (20, 40, 200, 255))),
                                filename="logo.png")
    kit.save()
    with transaction.atomic():
        brief = pipeline.brief_submit(workspace=workspace, author=None, text=LAUNCH_BRIEF, models=[local_model()],
                                      images_per_prompt=1)
        pipeline.brief_references_add(brief=brief, photos=[], logo=True)
    assert list(brief.references.values_list("kind", flat=True)) == [ReferenceKind.LOGO]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not an image", "not a PNG, JPEG or WebP"),
        (png(Image.new("L", (4100, 4100))), "under 16 megapixels"),
        (png(Image.new("RGB", (8, 8))), "too small"),
    ],
)
def test_bad_uploads_are_refused_with_a_reason(data, message):
    with pytest.raises(ReferenceImageError, match=message):
        pipeline.references_decode(uploads=[data])


def test_more_than_four_photos_are_refused():
    with pytest.raises(ReferenceImageError, match="at most 4"):
        pipeline.references_decode(uploads=[bottle_photo()] * 5)


def test_an_image_that_lost_the_product_is_never_shortlisted_but_can_be_promoted():
    brief = submit_with([bottle_photo()], images_per_prompt=1)
    lost = Generation.objects.filter(prompt__brief=brief).order_by("id").first()
    lost.score = 99.9
    lost.checks = {**lost.checks, "product": {"fidelity": 12.0, "ok": False, "box": [0, 0, 1, 1]}}
    lost.save(update_fields=["score", "checks"])
    assert lost.id not in candidates_select(brief_id=brief.id)
    assert pipeline.generation_promote(generation=lost)
    lost.refresh_from_db()
    assert lost.candidate


def test_cutout_of_a_studio_photo_keeps_the_product_and_drops_the_white():
    cut = cutout_make(reference_decode(bottle_photo()))
    alpha = np.asarray(cut.image.getchannel("A"))
    assert cut.method == "background"
    assert (alpha > 128).mean() > 0.7  # trimmed to the bottle: mostly product (its neck leaves corners)
    assert cut.image.height / cut.image.width == pytest.approx(744 / 244, rel=0.05)
