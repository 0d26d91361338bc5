"""`creative analyse` and `creative run` with `--requirements FILE.json`, and the fields' sources printed."""

import json

import pytest
from django.core.management.base import CommandError

from creative.models import Brief
from tests.factories import LAUNCH_BRIEF, local_model, run_command

pytestmark = pytest.mark.django_db(transaction=True)

GERMAN = ("Produkt: Hafermilch\nZielgruppe: junge Familien in der Stadt\nFarben: Blau und Weiß\n"
          "Tonalität: fröhlich und frisch")


def test_analyse_prints_each_field_with_its_source():
    out, _ = run_command("analyse", LAUNCH_BRIEF)
    assert "analysis: rules" in out
    assert "product: smartwatch  (rules)" in out
    assert "colours: blue, silver  (rules)" in out


def test_analyse_json_includes_the_detected_language():
    out, _ = run_command("analyse", GERMAN, "--json")
    found = json.loads(out)
    assert found["language"] == "de" and found["product"] == "Hafermilch"


def test_analyse_json_round_trips_through_requirements(tmp_path):
    out, _ = run_command("analyse", LAUNCH_BRIEF, "--json")
    path = tmp_path / "requirements.json"
    path.write_text(out)
    again, err = run_command("analyse", "--requirements", str(path), "--json")
    assert json.loads(again) == json.loads(out)
    assert f"requirements: {path}" in err


@pytest.mark.parametrize(("content", "problem"), [
    ("not json", "Expecting value"),
    ('["smartwatch"]', "must be a JSON object"),
    ('{"colours": ["red"]}', "lacks product"),
    ('{"product": "tea", "colour": ["red"]}', "unknown keys: colour"),
    ('{"product": "tea", "tone": "calm"}', "tone must be a JSON array"),
    ('{"product": ""}', "is empty"),
])
def test_a_bad_requirements_file_is_a_usage_error(tmp_path, content, problem):
    path = tmp_path / "requirements.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=problem) as raised:
        run_command("analyse", "--requirements", str(path))
    assert raised.value.returncode == 2


def test_a_missing_requirements_file_is_a_usage_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read") as raised:
        run_command("analyse", "--requirements", str(tmp_path / "none.json"))
    assert raised.value.returncode == 2


def test_run_with_requirements_skips_the_analysis_a_brief_would_fail(tmp_path):
    local_model()
    path = tmp_path / "requirements.json"
    path.write_text(json.dumps({"product": "trail shoe", "colours": ["orange"]}))
    out, _ = run_command("run", "make it pop", "--requirements", str(path), "--images-per-prompt", "1",
                         "--output", str(tmp_path / "out"))
    assert "[1/5] Analysed: product 'trail shoe'" in out
    assert "product: trail shoe  (file)" in out
    brief = Brief.objects.get()
    assert brief.requirements_sources["colours"] == "file"
    assert all("trail shoe" in prompt.text for prompt in brief.prompts.all())
