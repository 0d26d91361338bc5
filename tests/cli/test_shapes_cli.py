"""`creative run --shapes`: each shape made, an unknown one refused with exit 2 before anything runs."""

import pytest
from django.core.management.base import CommandError

from creative.models import Brief, Generation
from tests.factories import LAUNCH_BRIEF, local_model, make_workspace, run_command

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_unknown_shape_is_exit_2_and_names_the_known_ones():
    local_model()
    make_workspace()
    with pytest.raises(CommandError, match=r"Unknown shape 'banner'.*square, portrait, story") as excinfo:
        run_command("run", LAUNCH_BRIEF, "--models", "local", "--shapes", "square,banner")
    assert excinfo.value.returncode == 2
    assert not Brief.objects.exists()


def test_run_makes_each_shape_and_counts_them(tmp_path):
    local_model()
    make_workspace()
    out, _ = run_command("run", LAUNCH_BRIEF, "--models", "local", "--images-per-prompt", "1",
                         "--shapes", "square,story", "--output", str(tmp_path / "out"))
    assert "shapes square, story" in out
    assert "[3/5] Images generated: 10 of 10 (0 failed)" in out
    assert sorted(Generation.objects.values_list("shape", flat=True)) == ["square"] * 5 + ["story"] * 5
