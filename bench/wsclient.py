"""A writer without a browser: the dashboard's widget protocol spoken over its websocket.

What a browser tab does to type into the place fact, and nothing more: it GETs the Voilà
page (which starts or takes a kernel and runs the notebook), connects to the kernel's
channels (`/api/kernels/<id>/channels`) in the protocol JupyterLab's and Voilà's pages
ask for, `v1.kernel.websocket.jupyter.org` (binary frames the server passes between the
websocket and the kernel without decoding them; the legacy JSON protocol, which the server
decodes and re-encodes message by message, only if the server offers no other), asks the
widget manager for every model's state (`jupyter.widget.control`, `request_states`), finds
the page preview (`wb-preview`) and the place field (the Text whose `_dom_classes` hold
`wb-fact-place`; a dashboard builds its forms once the page says its preview was painted,
so the client says so too and takes the widgets the kernel then opens), then sends the
field's new value as the browser's widget manager does (`comm_msg` `update`) and waits for
the preview's patch (`PagePreview`'s custom message) that carries it (or, for the floor's
plain HTML widget, its new value). Like the page, it pings the session guard every
`heartbeat_ms` unless the guard was heard from in that time. The patches are applied to
the client's copy of the page, so a typed key counts only when the page really shows the
value.

It costs the test machine a few hundred microseconds per keystroke, so a load test made
of these clients measures the server (Voilà and its kernels), not the test's browsers.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from typing import Any
from urllib.parse import urlsplit

from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]+)"')
CONTROL_TARGET = "jupyter.widget.control"
CONTROL_VERSION = "1.0.0"
TAGS = re.compile(r"<[^>]+>")

#: The websocket subprotocol a browser's kernel connection asks for (@jupyterlab/services).
V1 = "v1.kernel.websocket.jupyter.org"


class ProtocolError(RuntimeError):
    """The page or the kernel did not answer as a dashboard does."""


class WidgetClient:
    """One dashboard session driven over the widget protocol (see the module)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.session = uuid.uuid4().hex
        self.kernel_id = ""
        self.ws: WebSocketClientConnection | None = None
        self.states: dict[str, dict[str, Any]] = {}
        self.field = ""
        self.preview = ""
        self.blocks: list[list[str]] = []
        self.rev = 0
        self._waiters: list[tuple[str, asyncio.Future[float]]] = []
        self._replies: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._reader: asyncio.Task[None] | None = None
        self._painted = False  # whether the client said its preview was painted
        self._opened = asyncio.Event()  # set whenever the kernel opens or updates a widget
        self._beat: asyncio.Task[None] | None = None
        self.guard = ""
        self._heard = 0.0
        #: True when the server took the browser's binary protocol (`V1`).
        self.v1 = False
        #: Messages the server sent this client, and those it sent the server.
        self.received = 0
        self.sent = 0
        #: Patches received and characters of HTML they carried.
        self.patches = 0
        self.patch_chars = 0
        #: Whole pages asked for (a patch that did not fit the page held), and whether one
        #: is awaited: like the page's module, the client asks once until it is answered.
        self.syncs = 0
        self._asked = False

    # -- connecting -----------------------------------------------------------------------

    async def open(self, timeout: float = 120) -> None:
        """Open the page, connect to its kernel and find the field and the preview."""
        http = AsyncHTTPClient()
        response = await http.fetch(HTTPRequest(self.url, request_timeout=timeout))
        match = KERNEL_ID.search(response.body.decode("utf-8", "replace"))
        if not match:
            raise ProtocolError("the page names no kernel")
        self.kernel_id = match.group(1)
        parts = urlsplit(self.url)
        ws_url = (f"ws://{parts.netloc}/api/kernels/{self.kernel_id}/channels"
                  f"?session_id={self.session}")
        self.ws = await websocket_connect(ws_url, max_message_size=64 * 2**20,
                                          subprotocols=[V1])
        self.v1 = self.ws.selected_subprotocol == V1
        self._reader = asyncio.create_task(self._read())
        await self._request_states(timeout)
        self.preview = self._find("wb-preview", "AnyModel")
        self.field = await self._find_soon("wb-fact-place", "TextModel", timeout)
        state = self.states[self.preview]["state"]
        if "value" in state and "blocks" not in state:  # a plain HTML widget (the floor)
            self.blocks = [["page", state["value"]]]
        else:
            self.blocks = [list(b) for b in state.get("blocks", [])]
        self.rev = int(state.get("rev", 0))
        self.guard = next((m for m, e in self.states.items()
                           if "heartbeat_ms" in e.get("state", {})), "")
        if self.guard:
            beat = self.states[self.guard]["state"]["heartbeat_ms"] / 1000
            self._beat = asyncio.create_task(self._heartbeat(beat))

    async def close(self) -> None:
        """Close the websocket (the server releases the kernel as for a closed tab)."""
        if self.ws is not None:
            self.ws.close()
            self.ws = None
        for task in (self._reader, self._beat):
            if task is not None:
                task.cancel()
        self._reader = self._beat = None

    def _find(self, css: str, model: str) -> str:
        for model_id, entry in self.states.items():
            state = entry.get("state", {})
            if css in state.get("_dom_classes", ()) and state.get("_model_name", model) == model:
                return model_id
        for model_id, entry in self.states.items():
            if css in entry.get("state", {}).get("_dom_classes", ()):
                return model_id
        raise ProtocolError(f"no widget with class {css}")

    async def _find_soon(self, css: str, model: str, timeout: float) -> str:
        """`_find`, and if the page has no such widget yet, say the preview was painted
        (as the page's module does after its first frame: the dashboard then builds its
        forms) and wait for the widget to be opened."""
        try:
            return self._find(css, model)
        except ProtocolError:
            pass
        if not self._painted:
            self._painted = True
            self._send("comm_msg", {"comm_id": self.preview, "data": {
                "method": "custom", "content": {"t": "painted"}}})
        deadline = time.monotonic() + timeout
        while True:
            self._opened.clear()
            try:
                return self._find(css, model)
            except ProtocolError:
                if time.monotonic() > deadline:
                    raise
            try:
                await asyncio.wait_for(self._opened.wait(), max(0.1, deadline - time.monotonic()))
            except TimeoutError:
                pass

    async def _request_states(self, timeout: float) -> None:
        comm_id = uuid.uuid4().hex
        reply = asyncio.get_running_loop().create_future()
        self._replies[comm_id] = reply
        self._send("comm_open", {"comm_id": comm_id, "target_name": CONTROL_TARGET, "data": {}},
                   {"version": CONTROL_VERSION})
        self._send("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}})
        data = await asyncio.wait_for(reply, timeout)
        self.states = data.get("states", {})
        self._send("comm_close", {"comm_id": comm_id, "data": {}})

    # -- typing ---------------------------------------------------------------------------

    async def type_value(self, value: str, timeout: float = 60) -> float:
        """Send `value` as the field's new text; return ms until the page shows it."""
        return await self.send_value(value, timeout)

    def send_value(self, value: str, timeout: float = 60) -> asyncio.Future[float]:
        """Send `value` as the field's new text now; the future gives ms until the page
        shows it (raises `ProtocolError` after `timeout` s). Keys go on meanwhile, as a
        writer's do: a later value that contains this one shows it too."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[float] = loop.create_future()
        start = time.perf_counter()
        self._waiters.append((value, done))
        self._update(self.field, {"value": value})

        async def measured() -> float:
            try:
                end = await asyncio.wait_for(asyncio.shield(done), timeout)
            except TimeoutError:
                raise ProtocolError(f"the preview never showed {value!r}") from None
            return (end - start) * 1000

        return asyncio.ensure_future(measured())

    async def choose_template(self, title: str, timeout: float = 60) -> None:
        """Pick the template titled `title` in the picker and wait for its page."""
        picker = await self._find_soon("wb-template", "DropdownModel", timeout)
        labels = list(self.states[picker]["state"].get("_options_labels", ()))
        if title not in labels:
            raise ProtocolError(f"no template titled {title!r}")
        self._update(picker, {"index": labels.index(title)})
        await self.settle(timeout=timeout)

    async def click(self, css: str, timeout: float = 60) -> None:
        """Click the button with class `css` and wait for the page to settle."""
        button = await self._find_soon(css, "ButtonModel", timeout)
        self._send("comm_msg", {"comm_id": button, "data": {
            "method": "custom", "content": {"event": "click"}}})
        await self.settle(timeout=timeout)

    async def settle(self, quiet: float = 0.5, timeout: float = 60) -> None:
        """Wait until the page got at least one patch and then none for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        seen = self.patches
        while time.monotonic() < deadline:
            before = self.patches
            await asyncio.sleep(quiet)
            if self.patches == before and self.patches > seen:
                return
        raise ProtocolError("the page did not change")

    async def _heartbeat(self, every: float) -> None:
        # The session guard's ping, as its browser side sends it (ui/guard.py): not when
        # the guard was heard from within the last beat.
        while self.ws is not None:
            await asyncio.sleep(every)
            if time.monotonic() - self._heard < every:
                continue
            self._send("comm_msg", {"comm_id": self.guard, "data": {
                "method": "custom", "content": {"event": "ping"}}})

    def _update(self, model_id: str, state: dict[str, Any]) -> None:
        self._send("comm_msg", {"comm_id": model_id, "data": {
            "method": "update", "state": state, "buffer_paths": []}})

    def page_text(self) -> str:
        """The page's text as the client's copy of it has it."""
        return "".join(TAGS.sub("", html) for _, html in self.blocks)

    # -- the wire -------------------------------------------------------------------------

    def _send(self, msg_type: str, content: dict[str, Any],
              metadata: dict[str, Any] | None = None) -> None:
        if self.ws is None:
            raise ProtocolError("not connected")
        msg = {
            "header": {"msg_id": uuid.uuid4().hex, "username": "bench", "session": self.session,
                       "msg_type": msg_type, "version": "5.3",
                       "date": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())},
            "parent_header": {}, "metadata": metadata or {}, "content": content,
        }
        if self.v1:
            parts = [json.dumps(msg[k]).encode("utf-8")
                     for k in ("header", "parent_header", "metadata", "content")]
            self.ws.write_message(serialize_msg_to_ws_v1(parts, "shell"), binary=True)
        else:
            self.ws.write_message(json.dumps({**msg, "buffers": [], "channel": "shell"}))
        self.sent += 1

    async def _read(self) -> None:
        assert self.ws is not None
        while True:
            raw = await self.ws.read_message()
            if raw is None:
                return
            self.received += 1
            if self.v1:
                _, parts = deserialize_msg_from_ws_v1(raw)
                kind = json.loads(parts[0]).get("msg_type")
                if kind not in ("comm_msg", "comm_open"):
                    continue
                content = json.loads(parts[3])
            else:
                if isinstance(raw, bytes):
                    continue  # binary frames carry buffers; the dashboard's typing sends none
                msg = json.loads(raw)
                kind = msg.get("header", {}).get("msg_type")
                if kind not in ("comm_msg", "comm_open"):
                    continue
                content = msg.get("content", {})
            data = content.get("data", {})
            comm_id = content.get("comm_id", "")
            if kind == "comm_open":  # a widget made after the states were asked for
                if "state" in data:
                    self.states[comm_id] = {"state": dict(data["state"])}
                    self._opened.set()
                continue
            if data.get("method") == "update" and comm_id in self.states:
                self.states[comm_id]["state"].update(data.get("state", {}))  # e.g. its classes
                self._opened.set()
            if comm_id == self.guard:
                self._heard = time.monotonic()
            if comm_id in self._replies and data.get("method") == "update_states":
                self._replies.pop(comm_id).set_result(data)
            elif comm_id == self.preview and data.get("method") == "custom":
                self._on_page(data.get("content", {}))
            elif comm_id == self.preview and "value" in data.get("state", {}):
                self._on_page({"t": "full", "rev": self.rev + 1,
                               "blocks": [["page", data["state"]["value"]]]})

    def _on_page(self, msg: dict[str, Any]) -> None:
        kind = msg.get("t")
        if kind == "patch" and msg.get("base") == self.rev:
            html = dict((k, h) for k, h in self.blocks)
            changed = msg["set"]
            for key, value in changed:
                html[key] = value
                self.patch_chars += len(value)
            order = msg["order"] if msg.get("order") is not None else [k for k, _ in self.blocks]
            self.blocks = [[k, html[k]] for k in order]
            self.rev = msg["rev"]
            self.patches += 1
        elif kind == "full":
            self._asked = False
            self.blocks = [list(b) for b in msg["blocks"]]
            self.rev = msg["rev"]
            self.patches += 1
            changed = self.blocks
        elif kind == "current":
            self._asked = False
            return
        elif kind == "patch" and msg.get("rev", 0) > self.rev:
            if not self._asked:
                self._asked = True
                self.syncs += 1
                self._send("comm_msg", {"comm_id": self.preview, "data": {
                    "method": "custom", "content": {"t": "sync", "rev": self.rev}}})
            return
        else:
            return
        now = time.perf_counter()
        # only the paragraphs that changed can newly show a value
        text = "".join(TAGS.sub("", html) for _, html in changed)
        waiting = []
        for value, future in self._waiters:
            if value in text and not future.done():
                future.set_result(now)
            elif not future.done():
                waiting.append((value, future))
        self._waiters = waiting
