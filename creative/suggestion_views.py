"""The new-brief form's suggestions, re-rendered when the designer picks another workspace (htmx partial)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from creative import access
from creative.access import CAN_WRITE_BRIEFS, member_login_required
from creative.suggestions import SuggestionsForm, suggestions_for


@require_GET
@member_login_required
def brief_suggestions(request: HttpRequest) -> HttpResponse:
    workspaces = list(access.workspaces_for(request.user, CAN_WRITE_BRIEFS))
    if not workspaces:
        raise PermissionDenied("Only designers and admins write briefs.")
    # Only workspaces this person writes briefs in are choices: another team's id is a form error, never its taste.
    form = SuggestionsForm(request.GET, workspaces=workspaces)
    if not form.is_valid():
        return render(request, "_error.html", {"message": form.error_text()}, status=422)
    return render(request, "creative/_suggestions.html",
                  {"suggestions": suggestions_for(workspace=form.chosen_workspace())})
