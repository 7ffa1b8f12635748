"""A scripted MongoDB wire-protocol server (PyPI `mockupdb`) for the `--uri` test in tests/infer.rs
(cargo feature `mongodb`). It answers the handshake, then every `aggregate` or `find` with the three
documents below in one batch, and exits after `endSessions` or 30 s. It is not a database: it checks
that syncplan's driver code sends `$sample` and infers from what comes back."""
import sys
import time

from bson import Int64, ObjectId
from mockupdb import MockupDB

server = MockupDB(port=0, auto_ismaster={
    "maxWireVersion": 21, "minWireVersion": 0, "isWritablePrimary": True, "ismaster": True, "helloOk": True,
    "maxBsonObjectSize": 16777216, "maxMessageSizeBytes": 48000000, "maxWriteBatchSize": 100000,
    "logicalSessionTimeoutMinutes": 30, "connectionId": 1, "ok": 1})
port = server.run()
print(f"listening {port}", flush=True)
docs = [
    {"_id": ObjectId("65a000000000000000000001"), "name": "a", "n": 1, "big": Int64(5), "tags": ["x"]},
    {"_id": ObjectId("65a000000000000000000002"), "name": "b", "n": 2, "big": Int64(6), "tags": []},
    {"_id": ObjectId("65a000000000000000000003"), "n": 3, "big": Int64(7), "tags": ["y", "z"]},
]
deadline = time.time() + 30
while time.time() < deadline:
    try:
        r = server.receives(timeout=30)
    except Exception:
        break
    name = r.command_name
    print(f"{name} {dict(r.doc)}", flush=True)
    if name in ("aggregate", "find"):
        r.reply({"cursor": {"id": Int64(0), "ns": "shop.things", "firstBatch": docs}, "ok": 1})
    else:
        r.ok()
        if name == "endSessions":
            break
server.stop()
sys.exit(0)
