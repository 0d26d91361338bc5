"""The whole API fuzzed from its own OpenAPI schema (schemathesis, in process over WSGI): no input makes it answer
5xx, and every answer matches the schema (status codes, content types, headers and bodies).

Hypothesis draws valid and invalid bodies, parameters and headers per operation; a bounded number of examples
per operation keeps the run under a minute. The world has objects at low ids, so some cases find them.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from creative.models import Role, TokenScope
from tests.api.conftest import token_for
from tests.factories import make_brief, make_generation, make_member, make_scored_picture, make_workspace

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# Excluded: "schema-valid data is accepted". Some rules are the domain's, not the schema's (a model name must
# be one the workspace may use, a brief must name a product), and answer 422 with their reason.
# Reviews and exports are a reviewer's; everything else is tried with a designer's token.
REVIEWER_TAGS = {"reviews", "exports"}


@pytest.fixture
def _connection_kept():
    """The WSGI handler closes the database connection after each request, which would close the test's own
    transaction; django.test.Client disconnects the same signal for the same reason."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(settings, _connection_kept):
    settings.CREATIVE_API_RATE_PER_MINUTE = 1_000_000
    workspace = make_workspace()
    admin = make_member(workspace=workspace, role=Role.ADMIN)
    brief = make_brief(workspace=workspace, status="reviewing")
    make_scored_picture(brief)
    make_generation(brief=brief, status="failed")
    make_brief(workspace=make_workspace())  # another workspace's, for the fuzz to stumble on
    return {scope: token_for(workspace=workspace, scope=scope, admin=admin) for scope in TokenScope.values}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_no_request_gets_a_5xx_or_an_answer_off_the_schema(case, tokens):
    tags = set(case.operation.definition.raw.get("tags", []))
    scope = TokenScope.REVIEWER if tags & REVIEWER_TAGS else TokenScope.DESIGNER
    case.call_and_validate(headers={"Authorization": f"Bearer {tokens[scope]}"},
                           excluded_checks=[positive_data_acceptance])
