"""Kernels nobody uses (闲置内核): a closed dashboard tab gives its kernel back in seconds.

Every dashboard page has a kernel of its own. When the tab closes, Voilà's page asks the
server to shut it down, but Voilà 0.5 refuses that request (it carries no XSRF token:
voila-dashboards/voila#1458), so the kernel waited for the idle cull (900 s) holding its
memory. `ReleasingKernelManager` watches the pages' websocket connections instead: a
kernel that had a page and has had none for `release_after` seconds (30 by default) is
shut down. Kernels that never had a page (Voilà's preheated pool) are left alone, and a
connection that drops and comes back within the grace (a network blip, a laptop lid)
keeps its kernel; a longer absence is covered by the browser's copy of the draft
(`ui/guard.py`), which a new page offers to restore.

voila.json selects it (`VoilaConfiguration.multi_kernel_manager_class`); Voilà's pool
manager is built on top of it.

`PromptConnection` is the pages' kernel websocket with Nagle's algorithm off, so a
keystroke's preview patch is not held back 40 ms on the wire behind its `busy` status.
"""

from __future__ import annotations

import time
from typing import Any

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.ioloop import IOLoop
from traitlets import Float

#: Seconds a kernel whose page has gone keeps running before it is shut down.
RELEASE_AFTER_S = 30.0


class ReleasingKernelManager(AsyncMappingKernelManager):
    """Shuts down a kernel `release_after` seconds after its last page disconnected."""

    release_after = Float(RELEASE_AFTER_S, config=True,
                          help="Seconds a kernel that had a page keeps running without one.")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        #: Kernel id -> when its last page went (monotonic seconds); set while it has none.
        self._orphaned: dict[str, float] = {}
        #: Kernels that have been released (for the log and the tests).
        self.released: list[str] = []

    def notify_connect(self, kernel_id: str) -> None:
        """Count a page's connection; a kernel with a page again is no orphan."""
        super().notify_connect(kernel_id)
        self._orphaned.pop(kernel_id, None)

    def notify_disconnect(self, kernel_id: str) -> None:
        """Count a page going; when it was the last, release the kernel after the grace."""
        super().notify_disconnect(kernel_id)
        if self._kernel_connections.get(kernel_id, 1) > 0:
            return
        gone = time.monotonic()
        self._orphaned[kernel_id] = gone
        IOLoop.current().call_later(self.release_after, self._release, kernel_id, gone)

    async def _release(self, kernel_id: str, gone: float) -> None:
        if self._orphaned.get(kernel_id) != gone or kernel_id not in self:
            return  # a page came back, or the kernel is gone already
        del self._orphaned[kernel_id]
        self.log.info("Kernel %s had no page for %.0f s: shutting it down", kernel_id,
                      self.release_after)
        self.released.append(kernel_id)
        try:
            await self.shutdown_kernel(kernel_id)
        except Exception:  # a kernel that died meanwhile is as good as released
            self.log.exception("could not shut down kernel %s", kernel_id)

    async def shutdown_kernel(self, kernel_id: str, now: bool = False,
                              restart: bool = False) -> None:
        """Shut the kernel down and forget it was orphaned."""
        self._orphaned.pop(kernel_id, None)
        await super().shutdown_kernel(kernel_id, now=now, restart=restart)


def send_at_once(handler: Any) -> bool:
    """Turn Nagle's algorithm off on a tornado websocket `handler`'s socket; return whether
    it could (a stream that has closed meanwhile cannot, and needs nothing)."""
    try:
        handler.set_nodelay(True)
    except (AttributeError, AssertionError, OSError):
        return False
    return True


class PromptConnection(ZMQChannelsWebsocketConnection):
    """A page's kernel websocket that sends each message to the browser at once.

    Tornado leaves Nagle's algorithm on for websockets: a small message written right
    after another waits until the browser acknowledges the first, and the browser delays
    its acknowledgement by up to 40 ms. A keystroke's preview patch follows its kernel's
    `busy` status by a millisecond, so without `TCP_NODELAY` it often waited those 40 ms
    on the wire (in the benches, one key in four, the floor's as much as ours). voila.json,
    the hub's spawner, the Kubernetes values and `make lab` select it
    (`kernel_websocket_connection_class`).
    """

    def connect(self) -> Any:
        """Connect the page to its kernel, with no delay on the socket."""
        send_at_once(self.websocket_handler)
        return super().connect()
