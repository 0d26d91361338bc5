"""Done when (issue 5): with the environment pointing at a fake, `creative analyse --json` and `creative run`
use the configured model and show it; with the fake failing, they fall back to rules and still finish."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from creative.analysis import rules
from creative.models import LLMCall
from creative.prompting import STYLE_KEYS
from tests.factories import LAUNCH_BRIEF, local_model, run_command
from tests.judgment_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db(transaction=True)

ANSWER = {
    "product": "smart watch", "audience": "urban professionals", "selling_points": ["health monitoring"],
    "tone": ["tech"], "scenarios": ["office"], "colours": ["blue", "silver"], "must_include": [], "avoid": [],
    "language": "en",
}
PROMPTS = {"prompts": [
    {"style": key, "subject": f"a smart watch, {key}", "look": "", "light_and_colour": "blue light",
     "composition": "centred", "detail": "crisp", "avoid": []} for key in STYLE_KEYS
]}


def test_analyse_json_uses_the_model_and_shows_it(judge):
    judge("CREATIVE_ANALYSIS_MODEL", "anthropic").answer_json(ANSWER)

    out, err = run_command("analyse", LAUNCH_BRIEF, "--json")

    assert json.loads(out) == ANSWER
    assert err.strip() == "analysis: anthropic:claude-sonnet-4-5"
    assert LLMCall.objects.get().brief_id is None  # recorded, though no brief was stored


def test_analyse_falls_back_to_rules_when_the_model_fails_and_says_so(judge):
    judge("CREATIVE_ANALYSIS_MODEL", "anthropic").overloaded(times=3)

    out, err = run_command("analyse", LAUNCH_BRIEF, "--json")

    assert json.loads(out) == rules.analyse(LAUNCH_BRIEF).to_dict()
    assert err.startswith("analysis: rules (fallback from anthropic:claude-sonnet-4-5: overloaded: HTTP 529")


def test_analyse_as_text_shows_the_source_first(judge):
    judge("CREATIVE_ANALYSIS_MODEL", "gemini").answer_json(ANSWER)

    out, _ = run_command("analyse", LAUNCH_BRIEF)

    assert out.splitlines()[0] == "analysis: gemini:gemini-2.5-flash"
    assert "product: smart watch" in out


def test_run_uses_the_models_and_shows_them(judge, tmp_path):
    local_model()
    judge("CREATIVE_ANALYSIS_MODEL", "anthropic").answer_json(ANSWER)
    judge("CREATIVE_PROMPT_MODEL", "openai").answer_json(PROMPTS)
    judge("CREATIVE_SCORING_MODEL", "gemini")

    out, _ = run_command("run", LAUNCH_BRIEF, "--images-per-prompt", "1", "--output", str(tmp_path / "out"))

    assert "[1/5] Analysed: product 'smart watch'" in out
    assert "      analysis: anthropic:claude-sonnet-4-5\n" in out
    assert "      prompts: openai:gpt-4o-mini\n" in out
    assert "[4/5] Candidates selected: 1" in out and "[5/5] Output folder" in out
    assert LLMCall.objects.filter(role="scoring").count() == 5


def test_run_with_every_model_failing_falls_back_and_finishes(judge, tmp_path):
    local_model()
    judge("CREATIVE_ANALYSIS_MODEL", "anthropic").overloaded(times=3)
    judge("CREATIVE_PROMPT_MODEL", "openai").refuse()
    judge("CREATIVE_SCORING_MODEL", "gemini").server_error(500, times=10)

    out, _ = run_command("run", LAUNCH_BRIEF, "--images-per-prompt", "1", "--output", str(tmp_path / "out"))

    assert "[1/5] Analysed: product 'smartwatch'" in out  # the rules' reading
    assert "      analysis: rules (fallback from anthropic:claude-sonnet-4-5: overloaded" in out
    assert "      prompts: templates (fallback from openai:gpt-4o-mini: refusal" in out
    assert "[3/5] Images generated: 5 of 5 (0 failed)" in out
    assert "[5/5] Output folder" in out


def test_the_real_command_line_reads_the_environment(chat_fakes, tmp_path):
    """A fresh process configured only by environment variables, as a user runs it."""
    fake = chat_fakes["anthropic"]
    fake.answer_json(ANSWER)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
           "CREATIVE_ANALYSIS_MODEL": "anthropic:claude-sonnet-4-5",
           "ANTHROPIC_API_KEY": fake.api_key, "ANTHROPIC_BASE_URL": fake.base_url}
    manage = [sys.executable, "manage.py"]
    cwd = Path(settings.BASE_DIR)
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, cwd=cwd, check=True, timeout=120)

    result = subprocess.run([*manage, "creative", "analyse", LAUNCH_BRIEF, "--json"], env=env, cwd=cwd,
                            capture_output=True, text=True, timeout=60, check=False)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ANSWER
    assert result.stderr.strip() == "analysis: anthropic:claude-sonnet-4-5"
    assert fake.api_key not in result.stderr
    assert len(fake.requests) == 1
