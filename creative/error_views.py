"""Error pages that say what was wrong: Django's own 400 page drops the reason a view gave."""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """`raise BadRequest("why")` in a view answers 400 with the reason (escaped by the template); the API's
    clients get it as JSON, as every other API error."""
    reason = str(exception)
    if isinstance(exception, RequestDataTooBig):
        reason = "The request body is too large."
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": reason}, status=400)
    return render(request, "400.html", {"exception": reason}, status=400)
