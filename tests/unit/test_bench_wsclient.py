"""The load test's widget client frames messages as the server's v1 protocol does."""

from __future__ import annotations

import json

from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)

from bench.wsclient import pack_v1, unpack_v1

PARTS = [json.dumps(part, ensure_ascii=False).encode("utf-8") for part in (
    {"msg_type": "comm_msg", "msg_id": "1"}, {}, {}, {"comm_id": "c", "data": {"x": "青山县"}})]


def test_a_frame_the_client_packs_is_what_the_server_reads():
    channel, parts = deserialize_msg_from_ws_v1(pack_v1("shell", PARTS))
    assert channel == "shell" and parts == PARTS


def test_a_frame_the_server_packs_is_what_the_client_reads():
    assert unpack_v1(serialize_msg_to_ws_v1([*PARTS, b"\x00buffer"], "iopub")) == (
        "iopub", [*PARTS, b"\x00buffer"])
