"""`creative run --product-image ... --reference-models-only`: models that take no product photo are skipped
instead of used text-only; skipping every model is exit 2 before anything is stored."""

import pytest
from django.core.management.base import CommandError

from creative.models import Brief, Generation
from tests.factories import LAUNCH_BRIEF, catalogue_model, local_model, run_command
from tests.fakes.fixtures import *  # noqa: F403  (provider fake fixtures)
from tests.product_photos import bottle_photo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "bottle.jpg"
    path.write_bytes(bottle_photo(size=(320, 400)))
    return str(path)


@pytest.fixture
def flux(monkeypatch, fake_flux):
    monkeypatch.setenv("BFL_API_KEY", fake_flux.api_key)
    monkeypatch.setenv("BFL_BASE_URL", fake_flux.base_url)
    local_model()
    return catalogue_model("flux-pro-1.1")


def run(tmp_path, *args):
    # Flux is asynchronous: its polls are scheduled, which only the real queue's workers run.
    return run_command("run", LAUNCH_BRIEF, "--models", "local,flux-pro-1.1", "--images-per-prompt", "1",
                       "--output", str(tmp_path / "out"), *args)


def made() -> list[str]:
    return sorted(set(Generation.objects.values_list("image_model__name", flat=True)))


def test_by_default_a_model_without_image_input_runs_text_only(real_queue, tmp_path, photo, flux, fake_flux):
    out, _ = run(tmp_path, "--product-image", photo)
    assert "2 model(s)" in out and "Skipped" not in out
    assert made() == ["flux-pro-1.1", "local"]
    assert len(fake_flux.requests_to("/v1/flux-pro-1.1", "POST")) == 5


def test_reference_models_only_skips_it(real_queue, tmp_path, photo, flux, fake_flux):
    out, _ = run(tmp_path, "--product-image", photo, "--reference-models-only")
    assert "Skipped (they take no product photo): flux-pro-1.1" in out and "1 model(s)" in out
    assert made() == ["local"] and Generation.objects.count() == 5
    assert fake_flux.requests_to("/v1/flux-pro-1.1", "POST") == []


def test_skipping_every_model_is_exit_2(tmp_path, photo, flux):
    with pytest.raises(CommandError, match="None of the chosen models takes a product photo") as info:
        run_command("run", LAUNCH_BRIEF, "--models", "flux-pro-1.1", "--product-image", photo,
                    "--reference-models-only", "--no-worker")
    assert info.value.returncode == 2 and not Brief.objects.exists()
