"""Every API operation, from the schema itself, against every kind of caller: no token or a dead one 401, a scope
whose role lacks the permission 403, another workspace's token 404 on this workspace's objects, and the scopes
that may act get past the door. A new operation without a row in ACCESS fails `test_every_operation_has_a_row`.
"""

import json
import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from creative.api.api import api
from creative.models import ApiToken, Batch, BatchSource, ExportStatus, Role, TokenScope
from creative.pipeline import export_create, share_link_create
from tests.api.conftest import token_for
from tests.factories import local_model, make_brief, make_member, make_scored_picture, make_workspace

READ, DESIGN, REVIEW = "read", "design", "review"
ALLOWED = {
    READ: set(TokenScope.values),
    DESIGN: {TokenScope.DESIGNER},
    REVIEW: {TokenScope.REVIEWER},
}
# (method, path) -> (who may call it, a valid body). Valid, so a refused scope is told 403, not 422.
ACCESS = {
    ("GET", "/api/v1/briefs"): (READ, None),
    ("POST", "/api/v1/briefs"): (DESIGN, {"text": "An ad image for a smartwatch for runners.", "models": ["{model}"],
                                          "images_per_prompt": 1}),
    ("GET", "/api/v1/briefs/{brief_id}"): (READ, None),
    ("GET", "/api/v1/briefs/{brief_id}/prompts"): (READ, None),
    ("GET", "/api/v1/prompts/{prompt_id}"): (READ, None),
    ("PATCH", "/api/v1/prompts/{prompt_id}"): (DESIGN, {"text": "a watch on a wrist"}),
    ("POST", "/api/v1/briefs/{brief_id}/start"): (DESIGN, None),
    ("GET", "/api/v1/briefs/{brief_id}/generations"): (READ, None),
    ("GET", "/api/v1/generations/{generation_id}"): (READ, None),
    ("GET", "/api/v1/generations/{generation_id}/image"): (READ, None),
    ("GET", "/api/v1/generations/{generation_id}/thumbnail"): (READ, None),
    ("POST", "/api/v1/generations/{generation_id}/reviews"): (REVIEW, {"decision": "approve"}),
    ("POST", "/api/v1/briefs/{brief_id}/exports"): (REVIEW, {"formats": ["jpeg"], "channels": ["meta"]}),
    ("GET", "/api/v1/exports/{export_id}"): (READ, None),
    ("GET", "/api/v1/exports/{export_id}/zip"): (READ, None),
    ("POST", "/api/v1/exports/{export_id}/share-links"): (REVIEW, {"days": 3}),
    ("POST", "/api/v1/exports/{export_id}/share-links/{share_link_id}/revoke"): (REVIEW, None),
    ("POST", "/api/v1/batches"): (DESIGN, {"feed": "name\nsmartwatch\n", "format": "csv", "models": ["{model}"]}),
    ("GET", "/api/v1/batches/{batch_id}"): (READ, None),
    ("POST", "/api/v1/batches/{batch_id}/exports"): (REVIEW, {"formats": ["jpeg"], "channels": ["meta"]}),
    ("GET", "/api/v1/batches/{batch_id}/zip"): (READ, None),
    ("GET", "/api/v1/models"): (READ, None),
    ("GET", "/api/v1/briefs/{brief_id}/costs"): (READ, None),
    ("GET", "/api/v1/costs"): (READ, None),
}
SCHEMA = api.get_openapi_schema(path_prefix="/api/v1")
OPERATIONS = sorted((method.upper(), path) for path, item in SCHEMA["paths"].items() for method in item)


def test_every_operation_has_a_row():
    assert sorted(set(OPERATIONS) - set(ACCESS)) == [], "an API operation without a row in the scope table"
    assert sorted(set(ACCESS) - set(OPERATIONS)) == [], "a row for an operation that no longer exists"


@pytest.fixture
def world():
    """Workspace A with a brief, a scored image with its picture, a done export and a share link; tokens of
    each scope in A, and a designer's and a reviewer's token in workspace B."""
    model = local_model()
    workspace = make_workspace()
    admin = make_member(workspace=workspace, role=Role.ADMIN)
    brief = make_brief(workspace=workspace, status="reviewing")
    generation = make_scored_picture(brief)
    generation.thumbnail.save("thumb.webp", ContentFile(b"RIFF0000WEBP"), save=True)
    export = export_create(brief=brief, generations=[generation])
    export.status = ExportStatus.DONE
    export.zip.save("export.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18), save=False)
    export.save()
    link = share_link_create(export=export, days=7)
    batch = Batch.objects.create(workspace=workspace, source=BatchSource.API)
    other = make_workspace()
    other_admin = make_member(workspace=other, role=Role.ADMIN)
    return {
        "ids": {"brief_id": brief.id, "prompt_id": generation.prompt_id, "generation_id": generation.id,
                "export_id": export.id, "share_link_id": link.id,
                "batch_id": batch.id},
        "model": model.name,
        "tokens": {scope: token_for(workspace=workspace, scope=scope, admin=admin) for scope in TokenScope.values},
        "outsiders": [token_for(workspace=other, scope=scope, admin=other_admin)
                      for scope in (TokenScope.DESIGNER, TokenScope.REVIEWER)],
    }


def _call(method: str, path: str, world, token: str | None):
    url = path.format(**world["ids"])
    _, body = ACCESS[method, path]
    if body is not None:
        body = {k: [world["model"]] if v == ["{model}"] else v for k, v in body.items()}
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    client = Client()
    if method == "GET":
        return client.get(url, headers=headers)
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json",
                          headers=headers)


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_each_caller_gets_its_answer(method, path, world, settings):
    settings.CREATIVE_API_RATE_PER_MINUTE = 10_000
    level, _ = ACCESS[method, path]
    assert _call(method, path, world, None).status_code == 401
    assert _call(method, path, world, "cpk_000000000000_made-up").status_code == 401
    designer = ApiToken.objects.filter(prefix=world["tokens"][TokenScope.DESIGNER].split("_")[1])
    designer.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _call(method, path, world, world["tokens"][TokenScope.DESIGNER]).status_code == 401, "expired"
    designer.update(expires_at=None)
    if re.search(r"\{\w+\}", path):
        for outsider in world["outsiders"]:
            assert _call(method, path, world, outsider).status_code == 404, ("another workspace's", path)
    for scope, token in world["tokens"].items():
        status = _call(method, path, world, token).status_code
        if scope in ALLOWED[level]:
            assert status not in (401, 403, 404) and status < 500, (scope, method, path, status)
        else:
            assert status == 403, (scope, method, path, status)


@pytest.mark.django_db
def test_a_revoked_token_and_one_whose_admin_left_are_401(world):
    token = world["tokens"][TokenScope.READ_ONLY]
    assert _call("GET", "/api/v1/models", world, token).status_code == 200
    ApiToken.objects.filter(prefix=token.split("_")[1]).update(revoked_at=timezone.now())
    assert _call("GET", "/api/v1/models", world, token).status_code == 401
    reviewer = world["tokens"][TokenScope.REVIEWER]
    maker = ApiToken.objects.get(prefix=reviewer.split("_")[1]).created_by
    maker.memberships.update(role=Role.REVIEWER)  # no longer an admin
    assert _call("GET", "/api/v1/models", world, reviewer).status_code == 401


@pytest.mark.django_db
def test_lists_show_only_the_tokens_workspace(world):
    outsider = world["outsiders"][0]
    client = Client(headers={"Authorization": f"Bearer {outsider}"})
    assert client.get("/api/v1/briefs").json()["items"] == []
    assert client.get("/api/v1/costs").json()["by_brief"] == []
