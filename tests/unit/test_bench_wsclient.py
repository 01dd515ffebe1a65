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


def _frame(msg_type: str, content: dict) -> bytes:
    from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

    header = {"msg_id": "k1", "msg_type": msg_type, "session": "k", "username": "k",
              "date": "2026-12-07T00:00:00Z", "version": "5.3"}
    parts = [json.dumps(part).encode("utf-8") for part in (header, {}, {}, content)]
    return serialize_msg_to_ws_v1(parts, "iopub")


def test_a_dashboard_client_says_painted_and_takes_the_forms_opened_after():
    import asyncio

    async def run() -> tuple[str, list[dict]]:
        client, socket = _client(v1=True)
        client.states = {"page": {"state": {"_model_name": "AnyModel",
                                            "_dom_classes": ["wb-preview"]}}}
        client.preview = "page"
        incoming: asyncio.Queue = asyncio.Queue()
        socket.read_message = incoming.get  # type: ignore[attr-defined]
        reader = asyncio.create_task(client._read())
        finding = asyncio.create_task(client._find_soon("wb-fact-place", "TextModel", 5))
        await asyncio.sleep(0.01)
        assert not finding.done()  # no form before the page was painted
        # the kernel builds the form: the widget first, then the update that adds its class
        await incoming.put(_frame("comm_open", {"comm_id": "field", "target_name": "jupyter.widget",
                                                "data": {"state": {"_model_name": "TextModel",
                                                                   "_dom_classes": []}}}))
        await asyncio.sleep(0.01)
        assert not finding.done()
        await incoming.put(_frame("comm_msg", {"comm_id": "field", "data": {
            "method": "update", "state": {"_dom_classes": ["wb-fact-place"]}}}))
        found = await asyncio.wait_for(finding, 5)
        await incoming.put(None)
        await reader
        sent = [json.loads(deserialize_msg_from_ws_v1(f)[1][3]) for f, _ in socket.frames]
        return found, sent

    found, sent = asyncio.run(run())
    assert found == "field"
    assert sent == [{"comm_id": "page", "data": {"method": "custom", "content": {"t": "painted"}}}]
