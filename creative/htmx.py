"""htmx at the edge: the request type views see, and the answer to the same form posted without htmx."""

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that passed through HtmxMiddleware (django-htmx's typing recipe)."""

    htmx: HtmxDetails


def redirect_back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    """303 to the page the plain form was posted from, or to `fallback` when it is unknown or foreign."""
    referer = request.headers.get("Referer", "")
    safe = url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure())
    response = HttpResponseRedirect(referer if referer and safe else fallback)
    response.status_code = 303  # See Other: the browser follows with a GET, so a reload never posts twice
    return response
