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


def test_a_client_out_of_step_asks_for_the_page_once_until_answered():
    client, socket = _client(v1=False)
    client.preview = "page-1"
    client.blocks, client.rev = [["p1", "<p>旧</p>"]], 1
    for rev in (3, 4, 5):  # the patch for rev 2 never came
        client._on_page({"t": "patch", "base": rev - 1, "rev": rev, "set": [], "order": None})
    asked = [json.loads(frame)["content"]["data"]["content"] for frame, _ in socket.frames]
    assert asked == [{"t": "sync", "rev": 1}] and client.syncs == 1
    client._on_page({"t": "full", "rev": 5, "blocks": [["p1", "<p>新</p>"]]})
    client._on_page({"t": "patch", "base": 5, "rev": 6, "set": [["p1", "<p>再</p>"]],
                     "order": None})
    assert client.rev == 6 and client.page_text() == "再"
    client._on_page({"t": "patch", "base": 7, "rev": 8, "set": [], "order": None})
    client._on_page({"t": "current", "rev": 8})
    client._on_page({"t": "patch", "base": 8, "rev": 9, "set": [], "order": None})
    assert client.syncs == 3 and len(socket.frames) == 3
