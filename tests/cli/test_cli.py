import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management.base import CommandError
from PIL import Image

from tests.factories import LAUNCH_BRIEF, local_model, run_command

pytestmark = pytest.mark.django_db(transaction=True)


def test_analyse_prints_the_requirements_as_json():
    out, _ = run_command("analyse", LAUNCH_BRIEF, "--json")
    data = json.loads(out)
    assert data["product"] == "smartwatch"
    assert data["colours"] == ["blue", "silver"]
    assert data["scenarios"] == ["sports", "office"]


def test_analyse_reads_standard_input():
    out, _ = run_command("analyse", "-", "--json", stdin="Promote our oat milk latte to students. Colours: cream, brown.")
    data = json.loads(out)
    assert "latte" in data["product"]


def test_run_makes_five_prompts_fifteen_images_and_exports_three_candidates(tmp_path):
    tmp_path = tmp_path / "out"
    local_model()
    out, _ = run_command("run", LAUNCH_BRIEF, "--output", str(tmp_path))
    assert "[2/5] Prompts made: 5" in out
    assert "[3/5] Images generated: 15 of 15 (0 failed)" in out
    assert "[4/5] Candidates selected: 3" in out
    assert f"[5/5] Output folder: {tmp_path}" in out
    assert "Review in the gallery: http://" in out
    folders = sorted(p for p in tmp_path.iterdir() if p.is_dir())
    assert len(folders) == 3
    for folder in folders:
        files = sorted(f.name for f in folder.iterdir())
        assert len(files) == 8 and all(name.endswith(".webp") for name in files)
        with Image.open(folder / "instagram_story.webp") as img:
            assert img.size == (1080, 1920)
    rows = list(csv.DictReader((tmp_path / "manifest.csv").open()))
    assert len(rows) == 24 == len(json.loads((tmp_path / "manifest.json").read_text()))
    assert all((tmp_path / row["file"]).stat().st_size == int(row["bytes"]) for row in rows)


@pytest.mark.parametrize("text", ["", "   ", "make it pop"])
def test_run_refuses_unusable_input_with_exit_2(text):
    with pytest.raises(CommandError) as excinfo:
        run_command("run", text)
    assert excinfo.value.returncode == 2


def test_run_refuses_an_unknown_model_with_exit_2():
    local_model()
    with pytest.raises(CommandError, match="no-such-model: no such model") as excinfo:
        run_command("run", LAUNCH_BRIEF, "--models", "local,no-such-model")
    assert excinfo.value.returncode == 2


def test_empty_stdin_exits_2_with_a_message_on_stderr():
    """The real command line: message on stderr, exit status 2, nothing on stdout."""
    result = subprocess.run(
        [sys.executable, "manage.py", "creative", "run", "-"], input="", capture_output=True, text=True,
        cwd=Path(settings.BASE_DIR), env={**__import__("os").environ, "DATABASE_URL": "sqlite:///:memory:",
                                            "DJANGO_SETTINGS_MODULE": "config.settings"},
        timeout=60,
    )
    assert result.returncode == 2
    assert "The brief is empty" in result.stderr
    assert result.stdout == ""
