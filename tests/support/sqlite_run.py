"""Runs SQL in SQLite for the Rust tests. Reads a JSON list of jobs on stdin, each
{"ddl": str, "inserts": [str], "queries": [str]}; for each, in a fresh in-memory database, executes
the DDL, inserts in one transaction with foreign keys checked at commit, runs the queries, and
prints a JSON list of {"ok": bool, "error": str|null, "results": [[row...]...]}."""
import json
import sqlite3
import sys


def run(job):
    out = {"ok": True, "error": None, "results": [], "sqlite": sqlite3.sqlite_version}
    con = sqlite3.connect(":memory:", isolation_level=None)
    try:
        con.executescript(job["ddl"])
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("BEGIN")
        con.execute("PRAGMA defer_foreign_keys = ON")
        for stmt in job.get("inserts", []):
            con.execute(stmt)
        con.execute("COMMIT")
        for q in job.get("queries", []):
            rows = con.execute(q).fetchall()
            out["results"].append([[x.hex() if isinstance(x, bytes) else x for x in r] for r in rows])
    except Exception as e:  # noqa: BLE001 - reported to the Rust test
        out["ok"] = False
        out["error"] = f"{type(e).__name__}: {e}"
    finally:
        con.close()
    return out


print(json.dumps([run(j) for j in json.load(sys.stdin)]))
