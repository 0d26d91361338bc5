"""Error pages that say what was wrong: Django's own 400 page drops the reason a view gave."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """`raise BadRequest("why")` in a view answers 400 with the reason (escaped by the template)."""
    return render(request, "400.html", {"exception": str(exception)}, status=400)
