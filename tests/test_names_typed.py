"""Coordinators type skills, sites, kinds, statuses and priorities in Chinese or English:
`--need 电焊:1`, `--status 进行中`, `--site 景山社区` mean what the hints show."""

from __future__ import annotations

from cli_harness import Cli

from taskboard.store import Store


def test_a_task_made_with_chinese_names_stores_the_keys(story_cli: Cli) -> None:
    made = story_cli.data(
        "task", "add", "--title", "围墙补焊", "--need", "电焊:1", "--need", "Door-to-door visits:2",
        "--kind", "活动", "--priority", "紧急", "--status", "建议", "--site", "景山社区",
    )  # fmt: skip
    assert [(n["skill"], n["count"]) for n in made["needs"]] == [
        ("door_to_door", 2),
        ("welding", 1),
    ]
    assert (made["kind"], made["priority"], made["status"], made["site"]) == (
        "event", "urgent", "suggested", "jingshan",
    )  # fmt: skip
    edited = story_cli.data("task", "edit", made["ref"], "--need", "电焊:0", "--site", "阜宁")
    assert [n["skill"] for n in edited["needs"]] == ["door_to_door"]
    assert edited["site"] == "funing"


def test_filters_and_moves_take_either_language(story_cli: Cli) -> None:
    english = story_cli.data("task", "list", "--status", "in_progress", "--skill", "painting")
    chinese = story_cli.data("task", "list", "--status", "进行中", "--skill", "粉刷")
    assert english == chinese
    spaced = story_cli.data("task", "list", "--status", "In progress", "--site", "funing")
    assert spaced == story_cli.data("task", "list", "--status", "进行中", "--site", "阜宁社区")
    story_cli.ok("task", "move", "funing-2", "已配人")
    assert Store.open(story_cli.db).task("funing-2").status == "staffed"


def test_a_volunteer_with_chinese_skill_and_certificate_names(story_cli: Cli) -> None:
    person = story_cli.data(
        "volunteer", "add", "--name", "测试员", "--skill", "粉刷:2", "--cert", "电焊:2027-06-30",
        "--site", "兴业",
    )  # fmt: skip
    assert person["skills"] == {"painting": 2}
    assert list(person["certs"]) == ["welding"]
    assert person["site"] == "xingye"
    listed = story_cli.data("volunteer", "list", "--skill", "入户走访", "--site", "兴业社区")
    assert listed == story_cli.data(
        "volunteer", "list", "--skill", "door_to_door", "--site", "xingye"
    )


def test_a_skill_the_site_added_is_known_by_its_chinese_label(story_cli: Cli) -> None:
    story_cli.ok("skill", "add", "sewing", "--en", "sewing", "--zh", "缝纫")
    made = story_cli.data("task", "add", "--title", "缝补队旗", "--need", "缝纫:1")
    assert made["needs"][0]["skill"] == "sewing"


def test_unknown_names_are_refused_naming_the_known_ones(story_cli: Cli) -> None:
    error = story_cli.fails("task", "add", "--title", "x", "--need", "电焊工:1")
    assert "unknown skill '电焊工' (known: carpentry (木工)," in error and "welding (电焊)" in error
    assert "unknown site '拱北'" in story_cli.fails("task", "add", "--title", "x", "--site", "拱北")
    error = story_cli.fails("task", "list", "--status", "进行", code=2)
    assert "argument --status: '进行': expected one of suggested, open" in error
