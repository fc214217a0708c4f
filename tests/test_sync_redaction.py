"""A redacted bundle carries no copy of a withheld value: not the shown value, not a
conflict's other values, not the history entries that recorded the edits."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from test_sync_cli import Site
from test_sync_support import bundle_of, send, site_store

from taskboard.model import ChecklistItem, Task
from taskboard.sync.redact import redact_record

WITHHELD = {
    "name": "隐名甲乙丙",  # of a volunteer who did not consent to sharing
    "phone": "13900000001",
    "phone edited": "13900000003",
    "phone of one who consented": "13900000002",
    "phone in conflict, funing": "13900000005",
    "phone in conflict, xingye": "13900000006",
    "notes": "NOTE-VOL-5512",
    "notes edited": "NOTE-VOL-9921",
    "checklist note": "NOTE-CHECK-4417",
    "phone in a checklist note": "13900000004",
    "checklist note in conflict, funing": "NOTE-F-1187",
    "checklist note in conflict, xingye": "NOTE-X-2265",
    "checklist note settling the conflict": "NOTE-SETTLED-3308",
    "hours note": "NOTE-HOURS-6612",
}


@pytest.fixture
def pair(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Site, Site]:
    funing, xingye = Site(tmp_path, "funing", capsys), Site(tmp_path, "xingye", capsys)
    funing.ok("site", "add", "xingye", "--name", "xingye社区")
    xingye.ok("site", "add", "funing", "--name", "funing社区")
    return funing, xingye


def test_no_withheld_value_travels_in_any_copy(pair: tuple[Site, Site], tmp_path: Path) -> None:
    funing, xingye = pair
    w = WITHHELD
    funing.ok("volunteer", "add", "--name", w["name"], "--phone", w["phone"], "--notes", w["notes"])
    funing.ok(
        "volunteer",
        "add",
        "--name",
        "王芳",
        "--consent",
        "--phone",
        w["phone of one who consented"],
    )
    funing.ok(
        "volunteer", "edit", "funing-v1", "--phone", w["phone edited"], "--notes", w["notes edited"]
    )
    funing.ok("volunteer", "edit", "funing-v1", "--skill", "door_to_door:2")
    funing.ok("task", "add", "--title", "入户登记", "--kind", "visits", "--need", "door_to_door:1")
    funing.ok("task", "edit", "funing-1", "--item", "3栋201", "--item", "3栋202")
    note = f"{w['checklist note']} 电话 {w['phone in a checklist note']}"
    funing.ok("task", "check", "funing-1", "1", "--state", "retry", "--note", note)
    funing.ok("assign", "funing-1", "funing-v1")
    funing.ok("hours", "log", "funing-1", "funing-v1", "2", "--note", w["hours note"])
    # the same phone and the same note changed at both sites: conflicts (`_mv`)
    xingye.ok("merge", str(funing.export(tmp_path / "a.json")))
    funing.ok("volunteer", "edit", "funing-v1", "--phone", w["phone in conflict, funing"])
    xingye.ok("volunteer", "edit", "funing-v1", "--phone", w["phone in conflict, xingye"])
    funing.ok("task", "check", "funing-1", "2", "--note", w["checklist note in conflict, funing"])
    xingye.ok("task", "check", "funing-1", "2", "--note", w["checklist note in conflict, xingye"])
    funing.ok("merge", str(xingye.export(tmp_path / "b.json")))
    conflicts = {c["field"]: c["id"] for c in funing.json("conflicts")}
    assert "phone" in conflicts and any(f.endswith(".note") for f in conflicts)
    settle = next(cid for field, cid in conflicts.items() if field.endswith(".note"))
    funing.ok("conflicts", "resolve", settle, "--value", w["checklist note settling the conflict"])
    full = funing.export(tmp_path / "full.json").read_bytes()
    assert all(value.encode() in full for value in WITHHELD.values())  # the data is there

    redacted = funing.export(tmp_path / "r.json", "--redact").read_bytes()

    leaked = [what for what, value in WITHHELD.items() if value.encode() in redacted]
    assert leaked == []
    history = orjson.loads(redacted)["records"]["history"].values()
    task_entries = [e for e in history if e["table"] == "tasks" and e["action"] == "checked"]
    assert task_entries and all("changes" in e["_r"] for e in task_entries)
    assert task_entries[0]["changes"]["checklist"][1][0]["state"] == "retry"  # the rest stays


def test_redacted_history_still_merges_and_the_real_values_come_back(
    pair: tuple[Site, Site], tmp_path: Path
) -> None:
    funing, xingye = pair
    funing.ok("task", "add", "--title", "入户登记", "--item", "3栋201")
    funing.ok("task", "check", "funing-1", "1", "--note", "NOTE-CHECK-4417")
    xingye.ok("merge", str(funing.export(tmp_path / "r.json", "--redact")))
    shown = xingye.json("task", "show", "funing-1")
    assert b"NOTE-CHECK-4417" not in orjson.dumps(shown)
    assert shown["history"][-1]["changes"]["checklist"][1][0]["note"] == ""

    xingye.ok("merge", str(funing.export(tmp_path / "full.json")))

    shown = xingye.json("task", "show", "funing-1")
    assert shown["checklist"][0]["note"] == "NOTE-CHECK-4417"
    assert shown["history"][-1]["changes"]["checklist"][1][0]["note"] == "NOTE-CHECK-4417"
    assert xingye.json("conflicts") == []


def test_a_conflicting_note_of_a_removed_checklist_item_is_withheld() -> None:
    funing, xingye = site_store("funing"), site_store("xingye")
    task = funing.tasks.create(
        Task(title="入户", site="funing", checklist=[ChecklistItem(text="3栋201")])
    )
    send(funing, xingye)
    item = task.checklist[0].model_dump(mode="json")
    xingye.tasks.update(task.id, {"checklist": [{**item, "note": "NOTE-X-2265"}]})
    funing.clock.last = xingye.clock.last  # the removal is the later edit, so it is shown
    funing.tasks.update(task.id, {"checklist": []})  # removed without seeing the note
    send(xingye, funing)
    doc = funing.tasks.docs()[task.id]
    assert doc["checklist"] == [] and "NOTE-X-2265" in orjson.dumps(doc["_mv"]).decode()

    redacted = redact_record("tasks", doc)

    assert "NOTE-X-2265" not in orjson.dumps(redacted).decode()
    assert b"NOTE-X-2265" not in orjson.dumps(bundle_of(funing, redact=True).records)


def test_who_raised_a_suggestion_stays_home_in_a_redacted_bundle() -> None:
    from taskboard.model import Suggestion

    funing, xingye = site_store("funing"), site_store("xingye")
    wish = funing.suggestions.create(
        Suggestion(site="funing", number=3, text="3栋旁绿化带杂草丛生", raised_by="RESIDENT-张")
    )
    funing.suggestions.update(wish.id, {"raised_by": "RESIDENT-3栋李伯"})

    raw = orjson.dumps(bundle_of(funing, redact=True).records)
    assert b"RESIDENT-" not in raw
    send(funing, xingye, redact=True)
    arrived = xingye.suggestions.get(wish.id)
    assert arrived is not None
    assert arrived["text"] == "3栋旁绿化带杂草丛生" and arrived["raised_by"] == ""
    send(funing, xingye)  # the home site's full bundle later: the real value wins
    assert xingye.suggestions.get(wish.id)["raised_by"] == "RESIDENT-3栋李伯"  # type: ignore[index]
