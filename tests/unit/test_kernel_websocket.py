"""The pages' kernel websocket sends each message at once (TCP_NODELAY), issue 14: with
Nagle's algorithm on, a preview patch written right after the kernel's `busy` status waited
for the browser's delayed acknowledgement, up to 40 ms, on one keystroke in four."""

from __future__ import annotations

import asyncio
import json
import re
import socket

import tornado.web
import tornado.websocket
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from tests.conftest import ROOT
from workbench.kernels import PromptConnection, send_at_once

CLASS = "workbench.kernels.PromptConnection"


def _nodelay(handler: tornado.websocket.WebSocketHandler) -> int:
    return handler.ws_connection.stream.socket.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_send_at_once_turns_nagle_off_on_a_real_websocket():
    seen: dict[str, int] = {}

    class Handler(tornado.websocket.WebSocketHandler):
        def open(self) -> None:
            seen["before"] = _nodelay(self)
            seen["done"] = send_at_once(self)
            seen["after"] = _nodelay(self)

    async def scenario() -> None:
        [sock] = bind_sockets(0, "127.0.0.1", family=socket.AF_INET)
        server = HTTPServer(tornado.web.Application([("/ws", Handler)]))
        server.add_sockets([sock])
        port = sock.getsockname()[1]
        client = await tornado.websocket.websocket_connect(f"ws://127.0.0.1:{port}/ws")
        for _ in range(100):
            if "after" in seen:
                break
            await asyncio.sleep(0.01)
        client.close()
        server.stop()

    asyncio.run(scenario())
    assert seen == {"before": 0, "done": True, "after": 1}


def test_a_handler_without_a_socket_is_left_alone():
    class Closed:
        def set_nodelay(self, value: bool) -> None:
            raise AssertionError("websocket closed")

    assert send_at_once(Closed()) is False
    assert send_at_once(object()) is False


def test_every_way_of_serving_the_dashboard_selects_the_prompt_connection():
    from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

    assert issubclass(PromptConnection, ZMQChannelsWebsocketConnection)
    voila = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))
    assert voila["Voila"]["kernel_websocket_connection_class"] == CLASS
    hub = (ROOT / "deploy" / "hub" / "jupyterhub_config.py").read_text(encoding="utf-8")
    assert f"--ServerApp.kernel_websocket_connection_class={CLASS}" in hub
    lab = re.search(r"^lab:.*?(?=^\S)", (ROOT / "Makefile").read_text(encoding="utf-8"),
                    re.M | re.S).group(0)
    assert f"kernel_websocket_connection_class={CLASS}" in lab
