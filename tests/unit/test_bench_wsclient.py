"""The load test's widget client frames its messages as a browser's page does (v1)."""

from __future__ import annotations

import json

from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1

from bench.wsclient import WidgetClient


class _Socket:
    def __init__(self) -> None:
        self.frames: list[tuple[object, bool]] = []

    def write_message(self, message: object, binary: bool = False) -> None:
        self.frames.append((message, binary))


def _client(v1: bool) -> tuple[WidgetClient, _Socket]:
    client, socket = WidgetClient("http://127.0.0.1:1/"), _Socket()
    client.ws, client.v1 = socket, v1  # type: ignore[assignment]
    return client, socket


def test_a_v1_frame_is_what_the_server_reads():
    client, socket = _client(v1=True)
    client._update("model-1", {"value": "青山县"})
    [(frame, binary)] = socket.frames
    channel, parts = deserialize_msg_from_ws_v1(frame)
    header, _parent, _metadata, content = (json.loads(part) for part in parts)
    assert binary and channel == "shell" and header["msg_type"] == "comm_msg"
    assert content["comm_id"] == "model-1" and content["data"]["state"] == {"value": "青山县"}


def test_without_v1_the_client_speaks_json():
    client, socket = _client(v1=False)
    client._update("model-1", {"value": "青山县"})
    [(frame, binary)] = socket.frames
    message = json.loads(frame)
    assert not binary and message["channel"] == "shell"
    assert message["content"]["data"]["state"] == {"value": "青山县"}
