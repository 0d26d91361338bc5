"""An API world: a workspace with an admin and a token per scope, and a second workspace with objects of its own."""

from dataclasses import dataclass, field

import pytest
from django.test import Client

from creative.api.tokens import api_token_create
from creative.models import Role, TokenScope


@dataclass
class Api:
    """The Django test client with a bearer token on every request."""

    token: str
    client: Client = field(default_factory=Client)

    def _headers(self, headers: dict | None) -> dict:
        return {"Authorization": f"Bearer {self.token}", **(headers or {})}

    def get(self, path: str, **params):
        return self.client.get(path, params, headers=self._headers(None))

    def post(self, path: str, body: dict | None = None, *, key: str = "", method: str = "post"):
        headers = self._headers({"Idempotency-Key": key} if key else None)
        return getattr(self.client, method)(path, body or {}, content_type="application/json", headers=headers)


def token_for(*, workspace, scope: str, admin=None) -> str:
    from tests.factories import make_member

    admin = admin or make_member(workspace=workspace, role=Role.ADMIN)
    return api_token_create(workspace=workspace, created_by=admin, name=f"{scope} token", scope=scope).plain


@pytest.fixture
def api_admin(workspace):
    from tests.factories import make_member

    return make_member(workspace=workspace, role=Role.ADMIN, username="ada")


@pytest.fixture
def designer_api(workspace, api_admin) -> Api:
    return Api(token_for(workspace=workspace, scope=TokenScope.DESIGNER, admin=api_admin))


@pytest.fixture
def reviewer_api(workspace, api_admin) -> Api:
    return Api(token_for(workspace=workspace, scope=TokenScope.REVIEWER, admin=api_admin))


@pytest.fixture
def reader_api(workspace, api_admin) -> Api:
    return Api(token_for(workspace=workspace, scope=TokenScope.READ_ONLY, admin=api_admin))
