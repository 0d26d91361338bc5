"""GalleryConsumer: transport only. Events carry ids; fragments are rendered from the database per viewer kind.

Members' fragments depend on the event and on what the viewer may do (review or not), never on who
the viewer is, so all consumers in a process share one render per event and viewer kind: with fifty
reviewers watching, a decision is rendered once, not fifty times in a row on the database thread.
A guest's fragments are their own (their comments and decision), and a guest's socket also joins its
invite's group: revoking the invite sends `guest.revoked`, which closes it; every push re-checks the
invite too, so a lost revocation event still shows nothing more.
"""

import asyncio
from collections import OrderedDict
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils import timezone

from creative import access
from creative.events import gallery_group
from reviews import gallery
from reviews.guests import guest_for, invite_group
from reviews.models import Guest, GuestInvite

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


class NoSuchSocket(AsyncWebsocketConsumer):
    """Any other websocket path (`/ws/briefs/abc/`): closed cleanly with 4404, not an error in the router."""

    async def connect(self):
        await self.close(code=4404)


class GalleryConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.brief_id = int(self.scope["url_route"]["kwargs"]["brief_id"])
        query = {k: v[0] for k, v in parse_qs(self.scope.get("query_string", b"").decode()).items()}
        self.view = gallery.GalleryFilter.from_query(query)
        self.guest_token = query.get("guest", "")
        self.guest: Guest | None = None
        self.can_review = await database_sync_to_async(self._authorise)()
        if self.can_review is None:
            await self.close(code=4404)
            return
        await self.channel_layer.group_add(gallery_group(self.brief_id), self.channel_name)
        if self.guest is not None:
            await self.channel_layer.group_add(invite_group(self.guest.invite_id), self.channel_name)
        await self.accept()

    def _authorise(self) -> bool | None:
        """Whether this viewer may review (None: may not watch at all), as the pages decide it."""
        if self.guest_token:
            invite = GuestInvite.objects.filter(token=self.guest_token, brief_id=self.brief_id).first()
            session = self.scope.get("session") or {}
            if invite is None or not invite.is_usable:
                return None
            self.guest = guest_for(session, invite)
            return None if self.guest is None else True
        return access.brief_watch_level(self.scope["user"], self.brief_id)

    async def disconnect(self, code):
        if hasattr(self, "brief_id"):
            await self.channel_layer.group_discard(gallery_group(self.brief_id), self.channel_name)
        if getattr(self, "guest", None) is not None:
            await self.channel_layer.group_discard(invite_group(self.guest.invite_id), self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        pass  # The gallery only listens; actions are plain HTMX POSTs.

    def _key(self, event, fragment: str) -> tuple:
        guest_id = self.guest.id if self.guest is not None else None
        return (event.get("event_id") or id(event), fragment, self.can_review, guest_id)

    def _guest_still_invited(self) -> bool:
        if self.guest is None:  # as `None.invite_id` would; only asked for a guest's connection
            raise AttributeError("not a guest's connection")
        return GuestInvite.objects.filter(id=self.guest.invite_id, revoked_at__isnull=True,
                                          expires_at__gt=timezone.now()).exists()

    async def _may_push(self) -> bool:
        """Members were checked at connect; a guest's invite is checked again before anything is shown."""
        if self.guest is None:
            return True
        if await database_sync_to_async(self._guest_still_invited)():
            return True
        await self.close(code=4403)
        return False

    async def guest_revoked(self, event):
        await self.close(code=4403)

    async def gallery_generation_changed(self, event):
        if not await self._may_push():
            return
        html = await _shared_render(self._key(event, f"card-{event['generation_id']}"), gallery.render_card,
                                    event["generation_id"], can_review=self.can_review, guest_token=self.guest_token,
                                    guest=self.guest)
        await self.send(text_data=html)

    async def gallery_brief_changed(self, event):
        if not await self._may_push():
            return
        html = await _shared_render(self._key(event, f"panels?{self.view.query}"), gallery.render_panels,
                                    self.brief_id, view=self.view, can_review=self.can_review,
                                    guest_token=self.guest_token, guest=self.guest)
        await self.send(text_data=html)

    async def gallery_export_changed(self, event):
        if self.guest is not None:
            return  # exports are the team's business
        html = await _shared_render(self._key(event, "exports"), gallery.render_exports, self.brief_id,
                                    can_review=self.can_review)
        await self.send(text_data=html)
