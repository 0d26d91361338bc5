"""The embedded default's channel layer: in memory, safe to publish to from worker threads."""

import asyncio

from channels.layers import InMemoryChannelLayer


class InProcessChannelLayer(InMemoryChannelLayer):
    """InMemoryChannelLayer whose sends may come from any thread's event loop.

    Its queues belong to the server's event loop; a Huey worker thread publishing through
    `async_to_sync` runs in a loop of its own, and putting into another loop's queue from there
    does not wake the waiting consumer. Sends from a foreign loop are handed to the server's loop.
    """

    _home_loop: asyncio.AbstractEventLoop | None = None

    async def receive(self, channel):
        self._home_loop = asyncio.get_running_loop()
        return await super().receive(channel)

    async def send(self, channel, message):
        await self._on_home_loop(super().send(channel, message))

    async def group_send(self, group, message):
        await self._on_home_loop(super().group_send(group, message))

    async def _on_home_loop(self, coroutine):
        home = self._home_loop
        if home is None or home.is_closed() or not home.is_running() or home is asyncio.get_running_loop():
            await coroutine
            return
        await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coroutine, home))
