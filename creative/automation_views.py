"""A workspace's automation page: API tokens (shown once) and webhook endpoints with their delivery log. Admins only."""

from datetime import timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from creative import access
from creative.access import member_login_required
from creative.api.tokens import api_token_create, api_token_revoke
from creative.models import (
    ApiToken,
    Role,
    TokenScope,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
    Workspace,
)
from creative.webhooks.delivery import webhook_redeliver
from creative.webhooks.endpoints import webhook_endpoint_create, webhook_endpoint_delete

# Tokens and webhooks act for the whole workspace, so only its admins manage them.
ADMINS = frozenset({Role.ADMIN})
DELIVERIES_SHOWN = 30


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100)
    scope = forms.ChoiceField(choices=TokenScope.choices)
    expires_in_days = forms.IntegerField(min_value=1, max_value=3650, required=False,
                                         help_text="Empty for a token that does not expire.")


class EndpointForm(forms.Form):
    url = forms.URLField(max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple)


def _workspace_for_admin(request: HttpRequest, workspace_id: int) -> Workspace:
    if not access.workspaces_for(request.user).filter(id=workspace_id).exists():
        raise Http404("No such workspace")
    workspace = access.workspaces_for(request.user, ADMINS).filter(id=workspace_id).first()
    if workspace is None:
        raise PermissionDenied("Only the workspace's admins manage API tokens and webhooks.")
    return workspace


def _page(request: HttpRequest, workspace: Workspace, *, token_form=None, endpoint_form=None, issued: str = "",
          status: int = 200) -> HttpResponse:
    context = {
        "workspace": workspace,
        "tokens": ApiToken.objects.filter(workspace=workspace).select_related("created_by"),
        "endpoints": WebhookEndpoint.objects.filter(workspace=workspace),
        "deliveries": WebhookDelivery.objects.filter(endpoint__workspace=workspace).select_related("endpoint")[
            :DELIVERIES_SHOWN],
        "token_form": token_form or TokenForm(),
        "endpoint_form": endpoint_form or EndpointForm(),
        "issued": issued,
        "now": timezone.now(),
    }
    return render(request, "creative/tokens.html", context, status=status)


@require_http_methods(["GET", "POST"])
@member_login_required
def tokens_page(request: HttpRequest, workspace_id: int) -> HttpResponse:
    """The page; a POST makes a token and shows its plain text this once."""
    workspace = _workspace_for_admin(request, workspace_id)
    if request.method == "GET":
        return _page(request, workspace)
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, workspace, token_form=form, status=422)
    days = form.cleaned_data["expires_in_days"]
    issued = api_token_create(workspace=workspace, created_by=request.user, name=form.cleaned_data["name"],
                              scope=form.cleaned_data["scope"],
                              expires_at=timezone.now() + timedelta(days=days) if days else None)
    response = _page(request, workspace, issued=issued.plain)
    response["Cache-Control"] = "no-store"  # the secret must not stay in a cache
    return response


@require_POST
@member_login_required
def token_revoke(request: HttpRequest, workspace_id: int, token_id: int) -> HttpResponse:
    workspace = _workspace_for_admin(request, workspace_id)
    api_token_revoke(token_id=token_id, workspace=workspace)
    return redirect("creative:tokens", workspace.id)


@require_POST
@member_login_required
def webhook_create(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = _workspace_for_admin(request, workspace_id)
    form = EndpointForm(request.POST)
    if form.is_valid():
        try:
            webhook_endpoint_create(workspace=workspace, url=form.cleaned_data["url"],
                                    events=form.cleaned_data["events"])
        except ValueError as exc:
            form.add_error("url", str(exc))
    if form.errors:
        return _page(request, workspace, endpoint_form=form, status=422)
    return redirect("creative:tokens", workspace.id)


@require_POST
@member_login_required
def webhook_delete(request: HttpRequest, workspace_id: int, endpoint_id: int) -> HttpResponse:
    workspace = _workspace_for_admin(request, workspace_id)
    webhook_endpoint_delete(workspace=workspace, endpoint_id=endpoint_id)
    return redirect("creative:tokens", workspace.id)


@require_POST
@member_login_required
def webhook_redeliver_view(request: HttpRequest, workspace_id: int, delivery_id: int) -> HttpResponse:
    workspace = _workspace_for_admin(request, workspace_id)
    delivery = WebhookDelivery.objects.filter(id=delivery_id, endpoint__workspace=workspace).first()
    if delivery is None:
        raise Http404("No such delivery")
    webhook_redeliver(delivery=delivery)
    return redirect("creative:tokens", workspace.id)
