"""Test data with keyword overrides (no fixtures files), and the small helpers several test files share."""

import importlib
import io
import itertools
import sys

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image, ImageDraw

from creative import pipeline
from creative.models import (
    Brief,
    BriefStatus,
    Generation,
    GenerationStatus,
    ImageModel,
    Membership,
    Prompt,
    Role,
    Workspace,
)

_seq = itertools.count(1)

LAUNCH_BRIEF = (
    "We need an ad image for a smartwatch, targeting 25-35 year old urban professionals, emphasizing health "
    "monitoring and long battery life, tech feel but not too cold, mainly for sports and office scenarios, prefer "
    "blue and silver, need to show watch wearing effect, avoid overly complex technical parameter displays."
)


def make_user(*, username: str = "", password: str = "pw-123456", **fields):
    username = username or f"user{next(_seq)}"
    user = get_user_model().objects.create_user(username=username, password=password, **fields)
    return user


def make_workspace(*, name: str = "", **fields) -> Workspace:
    return Workspace.objects.create(name=name or f"Workspace {next(_seq)}", **fields)


def make_member(*, workspace: Workspace | None = None, role: str = Role.REVIEWER, **user_fields):
    workspace = workspace or make_workspace()
    user = make_user(**user_fields)
    Membership.objects.create(workspace=workspace, user=user, role=role)
    return user


def local_model(**fields) -> ImageModel:
    defaults = {"provider": "local", "label": "Built-in renderer", "price_cents": 0, "enabled": True}
    model, _ = ImageModel.objects.update_or_create(name=fields.pop("name", "local"), defaults={**defaults, **fields})
    return model


def make_image_model(*, name: str = "", provider: str = "local", price_cents=0, **fields) -> ImageModel:
    return ImageModel.objects.create(name=name or f"model-{next(_seq)}", provider=provider, price_cents=price_cents,
                                     **fields)


def make_brief(*, workspace: Workspace | None = None, text: str = LAUNCH_BRIEF, **fields) -> Brief:
    fields.setdefault("status", BriefStatus.GENERATING)
    return Brief.objects.create(workspace=workspace or make_workspace(), text=text, **fields)


def make_generation(*, brief: Brief | None = None, image_model: ImageModel | None = None, style: str = "minimalist",
                    status: str = GenerationStatus.PENDING, **fields) -> Generation:
    brief = brief or make_brief()
    prompt = Prompt.objects.create(brief=brief, style=style, text=f"{style} image of a smartwatch")
    return Generation.objects.create(prompt=prompt, image_model=image_model or local_model(), status=status, **fields)


def catalogue_model(name: str) -> ImageModel:
    """An image model as the catalogue migration seeds it (a transactional test's flush removes seeded rows)."""
    catalogue = importlib.import_module("creative.migrations.0004_seed_model_catalogue").CATALOGUE
    provider, _, label, price, concurrency, rpm, enabled, notes = next(row for row in catalogue if row[1] == name)
    model, _ = ImageModel.objects.get_or_create(name=name, defaults={
        "provider": provider, "label": label, "price_cents": price, "max_concurrency": concurrency, "rpm": rpm,
        "enabled": enabled, "notes": notes, "sizes": ["1024x1024"],
    })
    return model


def make_scored(brief: Brief, *, score: float = 50, style: str = "minimalist", model: ImageModel | None = None,
                candidate: bool = False, **fields) -> Generation:
    """A scored generation without a picture (the gallery's cards)."""
    return make_generation(brief=brief, status=GenerationStatus.SCORED, score=score, style=style,
                           image_model=model, candidate=candidate, **fields)


RED = (220, 30, 30)


def make_scored_picture(brief: Brief, *, focal=(0.5, 0.5), disc=(0.8, 0.25), **fields) -> Generation:
    """A scored candidate whose 1024 px picture has a red disc at `disc` (exports, brand kits)."""
    image = Image.new("RGB", (1024, 1024), (90, 120, 100))
    x, y = disc[0] * 1024, disc[1] * 1024
    ImageDraw.Draw(image).ellipse((x - 60, y - 60, x + 60, y + 60), fill=RED)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    generation = make_generation(
        brief=brief,
        status=GenerationStatus.SCORED,
        score=81.5,
        focal_x=focal[0],
        focal_y=focal[1],
        candidate=True,
        **fields,
    )
    generation.image.save("image.png", ContentFile(buffer.getvalue()), save=True)
    return generation


def submit_brief(*, text: str = LAUNCH_BRIEF, images_per_prompt: int = 3, **kwargs) -> Brief:
    """A brief submitted on the built-in renderer, run inline to the end (tasks are immediate in tests)."""
    return pipeline.brief_submit(workspace=make_workspace(), author=None, text=text, models=[local_model()],
                                 images_per_prompt=images_per_prompt, **kwargs)


def decode(data: bytes) -> Image.Image:
    """An encoded picture, decoded now (so its format and size are known)."""
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def run_command(*args, stdin: str = "") -> tuple[str, str]:
    """`manage.py creative ARGS` in this process: its standard output and error."""
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        call_command("creative", *args, stdout=out, stderr=err)
    finally:
        sys.stdin = old_stdin
    return out.getvalue(), err.getvalue()
