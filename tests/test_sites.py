"""Sites carry whom volunteers call: set at init, `site add` and `site edit`, shown on the
volunteer sheet and in the kiosk, and files from before sites had contacts still open."""

from __future__ import annotations

import datetime as dt
import json

import orjson
from cli_harness import Cli

from taskboard.actions.sites import edit_site
from taskboard.i18n import set_language
from taskboard.sheets import volunteer_sheet
from taskboard.store import Store
from taskboard.store.schema import SCHEMA_VERSION


def test_site_contacts_are_set_edited_and_listed(story_cli: Cli) -> None:
    story_cli.ok("site", "add", "gongbei", "--name", "拱北社区", "--coordinator", "赵主任")
    story_cli.ok("site", "edit", "gongbei", "--phone", "0756-8881234")
    (site,) = [s for s in story_cli.data("site", "list") if s["id"] == "gongbei"]
    assert (site["coordinator"], site["phone"]) == ("赵主任", "0756-8881234")
    assert "gongbei   拱北社区" in story_cli.ok("site", "list").out
    story_cli.ok("site", "edit", "gongbei", "--coordinator", "")
    assert Store.open(story_cli.db).sites.models()["gongbei"].coordinator is None


def test_site_edit_refusals_change_nothing(story_cli: Cli) -> None:
    assert "must be digits" in story_cli.fails("site", "edit", "funing", "--phone", "0756-22x")
    assert "no site 'nowhere'" in story_cli.fails("site", "edit", "nowhere", "--phone", "123456")
    assert "nothing to change" in story_cli.fails("site", "edit", "funing")
    assert "must be digits" in story_cli.fails("site", "add", "x1", "--name", "X", "--phone", "?")


def test_the_volunteer_sheet_says_whom_to_call(story_store: Store, today: dt.date) -> None:
    text = volunteer_sheet(story_store, "郑秀兰", today, "text")
    assert text.rstrip().endswith("Questions? Call 李主任 0756-2212345 (阜宁社区).")
    set_language("zh")
    text = volunteer_sheet(story_store, "郑秀兰", today, "text")
    assert text.rstrip().endswith("有问题请致电 李主任 0756-2212345 (阜宁社区)。")
    set_language("en")
    edit_site(story_store, "funing", {"coordinator": "", "phone": ""})
    text = volunteer_sheet(story_store, "郑秀兰", today, "text")
    assert text.rstrip().endswith("Questions? Ask your community office.")


def test_a_file_from_before_site_contacts_opens_and_is_brought_up_to_date(
    story_cli: Cli,
) -> None:
    data = orjson.loads(story_cli.db.read_bytes())
    data["_meta"]["meta"]["schema"] = 1
    for site in data["sites"].values():
        del site["coordinator"], site["phone"]
    story_cli.db.write_bytes(orjson.dumps(data))
    story_cli.db.with_name(story_cli.db.name + ".journal").unlink(missing_ok=True)

    listed = story_cli.data("site", "list")
    assert {s["id"]: s["phone"] for s in listed}["funing"] is None
    story_cli.ok("site", "edit", "funing", "--phone", "0756-2212345")
    reopened = Store.open(story_cli.db)
    assert reopened.meta["schema"] == SCHEMA_VERSION  # brought up to date, step by step
    assert reopened.sites.models()["funing"].phone == "0756-2212345"


def test_fields_added_since_the_first_schema_have_defaults() -> None:
    """An older record lacking them gets the default; only these may be missing."""
    from taskboard.store.shape import ADDED, MODELS

    for table, names in ADDED.items():
        for name in names:
            assert not MODELS[table].model_fields[name].is_required(), (table, name)


def test_scheduling_or_staffing_a_passed_task_warns_and_still_works(story_cli: Cli) -> None:
    cli = story_cli
    made = cli.run("task", "add", "--title", "旧任务", "--need", "cleaning:1",
                   "--start", "2026-11-21 14:00", "--end", "2026-11-21 17:00")  # fmt: skip
    assert made.code == 0 and made.out.startswith("Created task ")
    ref = made.out.split()[2].rstrip(":")
    warning = f"taskboard: warning: {ref}: its date (2026-11-21) has passed; check the schedule\n"
    assert made.err == warning
    assert cli.run("task", "edit", ref, "--title", "旧任务(补)").err == ""  # not a scheduling edit
    assert cli.run("task", "edit", ref, "--due", "2026-11-30").err == warning  # the window counts
    matched = cli.run("--json", "match", "--task", ref)
    assert matched.err == warning
    best = json.loads(matched.out)["needs"][0]["candidates"][0]["ref"]
    assigned = cli.run("assign", ref, best)
    assert assigned.code == 0 and assigned.err == warning
    future = cli.run("task", "add", "--title", "新任务", "--due", "2026-11-25")
    assert future.code == 0 and future.err == ""  # due today has not passed
