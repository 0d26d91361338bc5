"""Exports end to end: channels, formats, admin presets, overlays, watermarks, provenance, panel, CLI."""

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image

from creative import pipeline
from creative.export.presets import PRESETS_BY_NAME
from creative.export.provenance import ALGORITHMIC_MEDIA, c2pa_read
from creative.export.render import FORMATS
from creative.models import BrandKit, Export, ExportPreset, ExportStatus, Role
from tests.export.certificates import make_credentials
from tests.factories import (
    decode,
    make_member,
    make_scored_picture,
    make_workspace,
)

pytestmark = pytest.mark.django_db(transaction=True)


def red_share(image: Image.Image) -> float:
    small = image.convert("RGB").resize((64, 64))
    return sum(1 for p in small.get_flattened_data() if p[0] > 180 and p[1] < 80) / 64 / 64


def test_export_delivers_the_chosen_channels_in_every_format(brief):
    generation = make_scored_picture(brief)
    formats = list(FORMATS)  # webp, jpeg, png, and avif when this Pillow writes it

    export = pipeline.export_create(
        brief=brief, generations=[generation], channels=["display", "pinterest"], formats=formats
    )

    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.done_count == export.total_count == 7 * len(formats)
    with export.zip.open("rb") as fh, zipfile.ZipFile(fh) as archive:
        for rendition in export.renditions.all():
            name = f"{rendition.file.name.split('/')[-2]}/{rendition.filename}"
            image = decode(archive.read(name))
            assert image.size == PRESETS_BY_NAME[rendition.preset].size == (rendition.width, rendition.height)
            assert image.format.lower() == {"jpeg": "jpeg"}.get(rendition.format, rendition.format)
            assert rendition.channel == PRESETS_BY_NAME[rendition.preset].channel
        assert "google_ads_editor.csv" in archive.namelist()
        assert "pinterest_bulk_pins.csv" in archive.namelist()
    assert {r.preset for r in export.renditions.all()} == {
        "iab_medium_rectangle",
        "iab_leaderboard",
        "iab_wide_skyscraper",
        "iab_mobile_leaderboard",
        "iab_half_page",
        "iab_billboard",
        "pinterest_pin",
    }


def test_the_crop_keeps_the_subject_in_a_leaderboard_as_in_a_story(brief):
    generation = make_scored_picture(brief, focal=(0.8, 0.25))

    export = pipeline.export_create(
        brief=brief,
        generations=[generation],
        formats=["png"],
        presets=["iab_leaderboard", "instagram_story", "iab_wide_skyscraper"],
    )

    renditions = list(Export.objects.get(id=export.id).renditions.all())
    assert len(renditions) == 3
    for rendition in renditions:
        with rendition.file.open("rb") as fh:
            assert red_share(decode(fh.read())) > 0.01, rendition.preset


def test_admin_added_presets_are_exported_with_their_channel(brief):
    ExportPreset.objects.create(name="snapchat_ad", channel="snapchat", width=1080, height=1920)
    ExportPreset.objects.create(name="old_banner", channel="snapchat", width=468, height=60, enabled=False)

    export = pipeline.export_create(brief=brief, generations=[make_scored_picture(brief)], channels=["snapchat"])

    assert [(r.preset, r.width, r.height) for r in Export.objects.get(id=export.id).renditions.all()] == [
        ("snapchat_ad", 1080, 1920)
    ]


def test_unknown_channels_presets_formats_and_qualities_are_refused(brief):
    generation = make_scored_picture(brief)
    for bad in (
        {"channels": ["myspace"]},
        {"presets": ["billboard_9000"]},
        {"formats": ["gif"]},
        {"quality": 0},
        {"watermark": {"text": "DRAFT", "position": "nowhere"}},
    ):
        with pytest.raises(ValueError):
            pipeline.export_create(brief=brief, generations=[generation], **bad)
    assert Export.objects.count() == 0


def test_overlay_draws_the_brand_kit_in_its_colours(brief):
    BrandKit.objects.create(
        workspace=brief.workspace,
        primary_colour="#ff00ff",
        headline="All week on one charge",
        call_to_action="Shop now",
    )
    generation = make_scored_picture(brief)

    plain = pipeline.export_create(
        brief=brief, generations=[generation], presets=["facebook_post"], formats=["png"]
    )
    branded = pipeline.export_create(
        brief=brief, generations=[generation], presets=["facebook_post"], formats=["png"], overlay=True
    )

    branded.refresh_from_db()
    assert (branded.headline, branded.call_to_action) == ("All week on one charge", "Shop now")
    with Export.objects.get(id=plain.id).renditions.get().file.open("rb") as fh:
        before = decode(fh.read()).convert("RGB")
    with branded.renditions.get().file.open("rb") as fh:
        after = decode(fh.read()).convert("RGB")
    magenta = sum(1 for p in after.get_flattened_data() if p == (255, 0, 255))
    assert magenta > 2000 and before != after  # the call-to-action button


def test_overlay_needs_something_to_draw(brief):
    with pytest.raises(ValueError, match="overlay needs"):
        pipeline.export_create(brief=brief, generations=[make_scored_picture(brief)], overlay=True)


def test_watermark_marks_every_file_of_that_export_only(brief):
    generation = make_scored_picture(brief)

    plain = pipeline.export_create(brief=brief, generations=[generation], presets=["medium"], formats=["png"])
    draft = pipeline.export_create(
        brief=brief,
        generations=[generation],
        presets=["medium"],
        formats=["png"],
        watermark={"text": "DRAFT", "opacity": 0.5},
    )

    files = [Export.objects.get(id=e.id).renditions.get().file for e in (plain, draft)]
    pictures = []
    for field in files:
        with field.open("rb") as fh:
            pictures.append(decode(fh.read()).convert("RGB"))
    assert pictures[0] != pictures[1]
    assert Export.objects.get(id=draft.id).watermark["text"] == "DRAFT"


def test_manifest_carries_the_approval_chain_and_files_their_provenance(brief):
    generation = make_scored_picture(brief)
    chain = [{"reviewer": "ana", "stage": "client", "at": "2025-05-01T10:00:00+00:00"}]

    export = pipeline.export_create(
        brief=brief,
        generations=[generation],
        approvals={generation.id: ["ana"]},
        approval_chain={generation.id: chain},
        presets=["thumbnail"],
    )

    export.refresh_from_db()
    [row] = export.manifest
    assert row["approvals"] == ["ana"] and row["approval_chain"] == chain
    assert row["model"] == generation.image_model.name and row["score"] == 81.5 and row["prompt"]
    with export.renditions.get().file.open("rb") as fh:
        data = fh.read()
    assert ALGORITHMIC_MEDIA.encode() in data and generation.image_model.name.encode() in data


def test_renditions_are_c2pa_signed_when_settings_hold_a_key(brief, settings):
    credentials = make_credentials()
    settings.CREATIVE_C2PA_CERTIFICATE = credentials.certificate_chain.decode()
    settings.CREATIVE_C2PA_PRIVATE_KEY = credentials.private_key.decode()

    export = pipeline.export_create(
        brief=brief, generations=[make_scored_picture(brief)], presets=["thumbnail"], formats=["jpeg"]
    )

    export.refresh_from_db()
    assert export.signed
    with export.renditions.get().file.open("rb") as fh:
        store = c2pa_read(fh.read(), mime_type="image/jpeg")
    assert store is not None and store["active_manifest"]


def test_focal_point_endpoint_moves_the_crop(client, brief):
    reviewer = make_member(workspace=brief.workspace, role=Role.REVIEWER)
    client.force_login(reviewer)
    generation = make_scored_picture(brief, focal=(0.5, 0.5), disc=(0.1, 0.5))

    def skyscraper_red() -> float:
        export = pipeline.export_create(
            brief=brief, generations=[generation], presets=["iab_wide_skyscraper"], formats=["png"]
        )
        with Export.objects.get(id=export.id).renditions.get().file.open("rb") as fh:
            return red_share(decode(fh.read()))

    centred = skyscraper_red()
    response = client.post(reverse("creative:focal_point", args=[generation.id]), {"x": "0.1", "y": "0.5"},
                           HTTP_HX_REQUEST="true")

    assert response.status_code == 200 and b"focal-marker" in response.content
    generation.refresh_from_db()
    assert (generation.focal_x, generation.focal_y) == (0.1, 0.5)
    assert centred == 0 and skyscraper_red() > 0.03  # the whole disc, where the centred crop had none


@pytest.mark.parametrize("role", [Role.DESIGNER, None])
def test_only_reviewers_of_the_workspace_move_focal_points(client, brief, role):
    user = make_member(workspace=brief.workspace if role else make_workspace(), role=role or Role.REVIEWER)
    client.force_login(user)
    generation = make_scored_picture(brief)

    response = client.post(reverse("creative:focal_point", args=[generation.id]), {"x": "0.2", "y": "0.2"})

    # A member without the role is told so (403); an outsider does not learn the image exists (404).
    assert response.status_code == (403 if role else 404)
    generation.refresh_from_db()
    assert (generation.focal_x, generation.focal_y) == (0.5, 0.5)


def test_focal_points_outside_the_image_are_refused(client, brief):
    client.force_login(make_member(workspace=brief.workspace, role=Role.REVIEWER))
    generation = make_scored_picture(brief)

    for values in ({"x": "1.5", "y": "0.5"}, {"x": "a", "y": "b"}, {}):
        assert client.post(reverse("creative:focal_point", args=[generation.id]), values).status_code == 422


def test_gallery_export_form_exports_the_chosen_options(client, brief):
    from reviews.models import Review

    reviewer = make_member(workspace=brief.workspace, role=Role.REVIEWER)
    client.force_login(reviewer)
    generation = make_scored_picture(brief)
    Review.objects.create(generation=generation, reviewer=reviewer, decision="approve")

    response = client.post(
        reverse("reviews:export", args=[brief.id]),
        {
            "options": "1",
            "channels": ["linkedin"],
            "presets": ["thumbnail"],
            "formats": ["jpeg", "png"],
            "quality": "70",
            "watermark_text": "",
        },
    )

    assert response.status_code == 200 and b"Download zip" in response.content
    export = brief.exports.get()
    assert (export.presets, export.formats, export.quality) == (
        ["thumbnail", "linkedin_post"],
        ["jpeg", "png"],
        70,
    )
    assert export.approval_chain[str(generation.id)][0]["reviewer"] == reviewer.username
    assert export.renditions.count() == 4


@pytest.mark.parametrize("fields, message", [
    ({"formats": ["webp"]}, "Pick at least one channel or size"),
    ({"channels": ["masters"], "formats": ["webp"], "quality": "high"}, "Quality must be a number."),
    ({"channels": ["masters"], "formats": ["webp"], "watermark_opacity": "half"}, "Watermark opacity must be a number."),
])
def test_gallery_export_form_it_cannot_run_says_why(client, brief, fields, message):
    from reviews.models import Review

    reviewer = make_member(workspace=brief.workspace, role=Role.REVIEWER)
    client.force_login(reviewer)
    Review.objects.create(generation=make_scored_picture(brief), reviewer=reviewer, decision="approve")

    response = client.post(reverse("reviews:export", args=[brief.id]), {"options": "1", **fields})

    assert response.status_code == 422 and message in response.content.decode()
    assert not brief.exports.exists()


def test_export_panel_lists_finished_exports_with_size_and_options(brief):
    from django.template.loader import render_to_string

    export = pipeline.export_create(brief=brief, generations=[make_scored_picture(brief)], presets=["thumbnail"])

    html = render_to_string("reviews/_exports.html",
                            {"brief": brief, "exports": Export.objects.all(), "can_review": True})
    export.refresh_from_db()
    assert 'id="exports"' in html and 'id="export-button"' in html and 'class="download"' in html
    assert reverse("creative:export_download", args=[export.id]) in html
    assert 'name="channels" value="display"' in html
    assert all(f'name="formats" value="{format}"' in html for format in FORMATS)
    live = render_to_string(
        "reviews/_exports.html", {"brief": brief, "exports": Export.objects.all(), "oob": True}
    )
    assert 'id="export-list" hx-swap-oob="true"' in live and "export-button" not in live


def test_cli_exports_candidates_into_a_folder(brief, tmp_path):
    generation = make_scored_picture(brief)
    out = io.StringIO()

    call_command(
        "creative",
        "export",
        str(brief.id),
        "--candidates",
        "--channels",
        "display",
        "--formats",
        "webp,png",
        "--output",
        str(tmp_path),
        stdout=out,
    )

    folder = tmp_path / f"01-{generation.prompt.style}-{generation.image_model.name}-g{generation.id}"
    assert len(list(folder.iterdir())) == 12
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert len(manifest) == 12 and (tmp_path / "google_ads_editor.csv").exists()
    assert "12 files" in out.getvalue()


def test_cli_export_with_nothing_approved_exits_2(brief):
    make_scored_picture(brief)

    with pytest.raises(CommandError) as excinfo:
        call_command("creative", "export", str(brief.id))

    assert excinfo.value.returncode == 2 and "approved" in str(excinfo.value)
