"""GalleryConsumer: transport only. Events carry ids; fragments are rendered from the database per user."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from creative import access
from creative.events import gallery_group
from creative.models import Role
from reviews import gallery


class GalleryConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.brief_id = int(self.scope["url_route"]["kwargs"]["brief_id"])
        self.user = self.scope["user"]
        if not await database_sync_to_async(access.can_watch)(self.user, self.brief_id):
            await self.close(code=4404)
            return
        await database_sync_to_async(self._load_role)()
        await self.channel_layer.group_add(gallery_group(self.brief_id), self.channel_name)
        await self.accept()

    def _load_role(self):
        from creative.models import Brief

        workspace_id = Brief.objects.values_list("workspace_id", flat=True).get(id=self.brief_id)
        self.can_review = access.role_in(self.user, workspace_id) in (Role.REVIEWER, Role.ADMIN)

    async def disconnect(self, code):
        if hasattr(self, "brief_id"):
            await self.channel_layer.group_discard(gallery_group(self.brief_id), self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        pass  # The gallery only listens; actions are plain HTMX POSTs.

    async def gallery_generation_changed(self, event):
        await self.send(text_data=await database_sync_to_async(gallery.render_card)(
            event["generation_id"], user=self.user, can_review=self.can_review
        ))

    async def gallery_brief_changed(self, event):
        await self.send(text_data=await database_sync_to_async(gallery.render_panels)(
            self.brief_id, user=self.user, can_review=self.can_review
        ))

    async def gallery_export_changed(self, event):
        await self.send(text_data=await database_sync_to_async(gallery.render_exports)(self.brief_id))
