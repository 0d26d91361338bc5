"""GalleryConsumer: transport only. Events carry ids; fragments are rendered from the database per viewer kind.

Fragments depend on the event and on what the viewer may do (review or not, guest link), never on
who the viewer is, so all consumers in a process share one render per event and viewer kind: with
fifty reviewers watching, a decision is rendered once, not fifty times in a row on the database thread.
"""

import asyncio
from collections import OrderedDict
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from creative import access
from creative.events import gallery_group
from creative.models import Brief, Role
from reviews import gallery
from reviews.guests import guest_name
from reviews.models import GuestInvite

_RENDERS: OrderedDict = OrderedDict()  # (event id, fragment, viewer kind) -> task producing the HTML
_RENDERS_KEPT = 256


def _shared_render(key: tuple, render, *args, **kwargs) -> asyncio.Future:
    task = _RENDERS.get(key)
    if task is None:
        task = asyncio.ensure_future(database_sync_to_async(render)(*args, **kwargs))
        _RENDERS[key] = task
        while len(_RENDERS) > _RENDERS_KEPT:
            _RENDERS.popitem(last=False)
    return task


class GalleryConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.brief_id = int(self.scope["url_route"]["kwargs"]["brief_id"])
        query = {k: v[0] for k, v in parse_qs(self.scope.get("query_string", b"").decode()).items()}
        self.view = gallery.GalleryFilter.from_query(query)
        self.guest_token = query.get("guest", "")
        self.can_review = await database_sync_to_async(self._authorise)()
        if self.can_review is None:
            await self.close(code=4404)
            return
        await self.channel_layer.group_add(gallery_group(self.brief_id), self.channel_name)
        await self.accept()

    def _authorise(self) -> bool | None:
        """Whether this viewer may review (None: may not watch at all), as the pages decide it."""
        if self.guest_token:
            invite = GuestInvite.objects.filter(token=self.guest_token, brief_id=self.brief_id).first()
            session = self.scope.get("session") or {}
            if invite is None or not invite.is_usable or not guest_name(session, self.guest_token):
                return None
            return True
        user = self.scope["user"]
        if not access.can_watch(user, self.brief_id):
            return None
        workspace_id = Brief.objects.values_list("workspace_id", flat=True).get(id=self.brief_id)
        return access.role_in(user, workspace_id) in (Role.REVIEWER, Role.ADMIN)

    async def disconnect(self, code):
        if hasattr(self, "brief_id"):
            await self.channel_layer.group_discard(gallery_group(self.brief_id), self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        pass  # The gallery only listens; actions are plain HTMX POSTs.

    def _key(self, event, fragment: str) -> tuple:
        return (event.get("event_id") or id(event), fragment, self.can_review, self.guest_token)

    async def gallery_generation_changed(self, event):
        html = await _shared_render(self._key(event, f"card-{event['generation_id']}"), gallery.render_card,
                                    event["generation_id"], can_review=self.can_review, guest_token=self.guest_token)
        await self.send(text_data=html)

    async def gallery_brief_changed(self, event):
        html = await _shared_render(self._key(event, f"panels?{self.view.query}"), gallery.render_panels,
                                    self.brief_id, view=self.view, can_review=self.can_review,
                                    guest_token=self.guest_token)
        await self.send(text_data=html)

    async def gallery_export_changed(self, event):
        html = await _shared_render(self._key(event, "exports"), gallery.render_exports, self.brief_id)
        await self.send(text_data=html)
