"""A workspace's webhook endpoints, registered and removed by its admins."""

from __future__ import annotations

from creative.models import WebhookEndpoint, WebhookEvent, Workspace
from creative.webhooks.signing import secret_new
from creative.webhooks.targets import target_problem

MAX_ENDPOINTS = 10


def webhook_endpoint_create(*, workspace: Workspace, url: str, events: list[str]) -> WebhookEndpoint:
    """A new endpoint with its own signing secret; ValueError when the URL or the events cannot be used."""
    url = url.strip()
    if len(url) > 500:
        raise ValueError("The URL is longer than 500 characters.")
    if problem := target_problem(url):
        raise ValueError(problem)
    chosen = [e for e in WebhookEvent.values if e in set(events)]
    if not chosen or len(chosen) != len(set(events)):
        raise ValueError(f"Pick one or more events among: {', '.join(WebhookEvent.values)}.")
    if WebhookEndpoint.objects.filter(workspace=workspace).count() >= MAX_ENDPOINTS:
        raise ValueError(f"A workspace has at most {MAX_ENDPOINTS} webhook endpoints.")
    return WebhookEndpoint.objects.create(workspace=workspace, url=url, events=chosen, secret=secret_new())


def webhook_endpoint_delete(*, workspace: Workspace, endpoint_id: int) -> bool:
    deleted, _ = WebhookEndpoint.objects.filter(id=endpoint_id, workspace=workspace).delete()
    return bool(deleted)
