"""`creative score` and `creative duplicates` on files: JSON out, PNG, JPEG and WebP in, anything else exit 2."""

from __future__ import annotations

import json

import pytest
from django.core.management.base import CommandError
from PIL import Image, ImageDraw, ImageOps

from tests.factories import run_command


@pytest.fixture
def picture(tmp_path):
    image = Image.new("RGB", (400, 300), (20, 50, 190))
    ImageDraw.Draw(image).ellipse((40, 40, 200, 200), fill=(240, 200, 20))
    ImageDraw.Draw(image).rectangle((250, 150, 380, 280), fill=(200, 30, 40))
    return image


def test_score_prints_each_files_score_breakdown_and_focal_point(tmp_path, picture):
    png, webp = tmp_path / "a.png", tmp_path / "b.webp"
    picture.save(png)
    picture.save(webp, quality=90)

    out, _ = run_command("score", str(png), str(webp), "--colours", "blue,silver", "--json")

    results = json.loads(out)
    assert [r["file"] for r in results] == [str(png), str(webp)]
    assert {"sharpness", "noise", "blockiness", "clipping", "colour_match"} <= set(results[0]["breakdown"])
    assert 0 < results[0]["score"] <= 100 and len(results[0]["focal_point"]) == 2


def test_duplicates_groups_a_mirrored_and_a_cropped_copy_and_not_a_different_picture(tmp_path, picture):
    paths = {name: tmp_path / name for name in ("a.png", "mirrored.jpg", "cropped.png", "other.png")}
    picture.save(paths["a.png"])
    ImageOps.mirror(picture).save(paths["mirrored.jpg"], quality=85)
    picture.crop((15, 10, 390, 290)).save(paths["cropped.png"])
    other = Image.new("RGB", (400, 300), (230, 230, 220))
    ImageDraw.Draw(other).polygon([(0, 300), (200, 0), (400, 300)], fill=(20, 120, 40))
    other.save(paths["other.png"])

    out, _ = run_command("duplicates", *map(str, paths.values()), "--json")

    assert json.loads(out) == {"groups": [[str(paths["a.png"]), str(paths["mirrored.jpg"]), str(paths["cropped.png"])]]}


@pytest.mark.parametrize("command", ["score", "duplicates"])
@pytest.mark.parametrize("name", ["picture.gif", "notes.png", "missing.png"])
def test_anything_but_png_jpeg_or_webp_is_refused_with_exit_2(tmp_path, picture, command, name):
    path = tmp_path / name
    if name.endswith(".gif"):
        picture.save(path)
    elif name == "notes.png":
        path.write_text("not an image")
    with pytest.raises(CommandError) as excinfo:
        run_command(command, str(path))
    assert excinfo.value.returncode == 2 and str(path) in str(excinfo.value)
