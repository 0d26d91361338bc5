import csv
import io
import json
import zipfile

import pytest
from PIL import Image

from creative import pipeline
from creative.models import BriefStatus, Export, ExportStatus, Generation
from tests.factories import LAUNCH_BRIEF, local_model, make_workspace

pytestmark = pytest.mark.django_db(transaction=True)

SEED_SIZES = {
    "original": (2048, 2048), "large": (1024, 1024), "medium": (512, 512), "thumbnail": (256, 256),
    "instagram_square": (1080, 1080), "instagram_story": (1080, 1920), "facebook_post": (1200, 630),
    "twitter_post": (1200, 675),
}


@pytest.fixture
def reviewed_brief():
    brief = pipeline.brief_submit(workspace=make_workspace(), author=None, text=LAUNCH_BRIEF, models=[local_model()],
                                  images_per_prompt=1)
    return brief


def test_export_packages_eight_webp_sizes_per_image_with_manifests(reviewed_brief):
    chosen = list(Generation.objects.filter(prompt__brief=reviewed_brief, candidate=True))
    export = pipeline.export_create(brief=reviewed_brief, generations=chosen, approvals={chosen[0].id: ["ana"]})
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    assert export.done_count == export.total_count == 8 * len(chosen)
    with export.zip.open("rb") as fh, zipfile.ZipFile(fh) as archive:
        names = archive.namelist()
        images = [n for n in names if n.endswith(".webp")]
        assert len(images) == 8 * len(chosen)
        for name in images:
            preset = name.rsplit("/", 1)[1].removesuffix(".webp")
            with Image.open(io.BytesIO(archive.read(name))) as img:
                assert img.format == "WEBP"
                assert img.size == SEED_SIZES[preset], name
        manifest = json.loads(archive.read("manifest.json"))
        rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
    assert {row["file"] for row in manifest} == set(images) == {row["file"] for row in rows}
    first = next(row for row in manifest if row["file"].startswith("01-"))
    assert first["model"] == "local" and first["approvals"] == ["ana"] and first["prompt"]
    assert sum(r.bytes for r in export.renditions.all()) == sum(row["bytes"] for row in manifest)
    assert reviewed_brief.__class__.objects.get(id=reviewed_brief.id).status == BriefStatus.EXPORTED


def test_export_can_be_limited_to_chosen_presets(reviewed_brief):
    generation = Generation.objects.filter(prompt__brief=reviewed_brief, candidate=True).first()
    export = pipeline.export_create(brief=reviewed_brief, generations=[generation], presets=["facebook_post"])
    rendition = Export.objects.get(id=export.id).renditions.get()
    assert (rendition.width, rendition.height) == (1200, 630)


def test_export_refuses_unknown_presets_and_empty_selections(reviewed_brief):
    generation = Generation.objects.filter(prompt__brief=reviewed_brief).first()
    with pytest.raises(ValueError, match="Unknown presets"):
        pipeline.export_create(brief=reviewed_brief, generations=[generation], presets=["billboard_9000"])
    with pytest.raises(ValueError, match="approve at least one"):
        pipeline.export_create(brief=reviewed_brief, generations=[])
    assert Export.objects.count() == 0
