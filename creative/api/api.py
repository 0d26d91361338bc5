"""The NinjaAPI instance: routers per resource, token auth on everything, errors as JSON with their status.

django-ninja derives the OpenAPI 3 schema from the operations' type hints (the same pydantic types validate
input and shape output), so the schema at /api/v1/openapi.json cannot drift from the code.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from creative.api import batches, briefs, costs, exports, generations, models, reviews
from creative.api.auth import TokenAuth
from creative.api.idempotency import Busy
from creative.api.throttle import RateLimited

api = NinjaAPI(
    title="Creative Pipeline API",
    version="1",
    description="Briefs in, reviewed ad images out. Authenticate with `Authorization: Bearer <token>` "
                "(a workspace admin makes tokens on the workspace's API page).",
    auth=TokenAuth(),
    urls_namespace="api",
)
for router in (briefs, batches, generations, reviews, exports, models, costs):
    api.add_router("", router.router)


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = api.create_response(request, {"detail": str(exc)}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Busy)
def busy(request: HttpRequest, exc: Busy) -> HttpResponse:
    response = api.create_response(
        request, {"detail": "A request with this Idempotency-Key is still running; retry shortly."}, status=409)
    response["Retry-After"] = "1"
    return response


@api.exception_handler(PermissionDenied)
def denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)
