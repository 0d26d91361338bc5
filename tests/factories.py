"""Test data with keyword overrides; no fixtures files."""

import itertools

from django.contrib.auth import get_user_model

from creative.models import Brief, BriefStatus, Generation, GenerationStatus, ImageModel, Membership, Prompt, Role, Workspace

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
    import importlib

    catalogue = importlib.import_module("creative.migrations.0004_seed_model_catalogue").CATALOGUE
    provider, _, label, price, concurrency, rpm, enabled, notes = next(row for row in catalogue if row[1] == name)
    model, _ = ImageModel.objects.get_or_create(name=name, defaults={
        "provider": provider, "label": label, "price_cents": price, "max_concurrency": concurrency, "rpm": rpm,
        "enabled": enabled, "notes": notes, "sizes": ["1024x1024"],
    })
    return model
