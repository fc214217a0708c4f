"""The roster screen for one person at several sites: other records shown, link, unlink, undo."""

from __future__ import annotations

from taskboard.store import Store

from .hosts import roster_opened
from .test_roster import SIZE, cursor_to, details


async def test_link_shows_the_other_record_and_unlink_takes_it_back(story_store: Store) -> None:
    other = next(doc for doc in story_store.volunteers.live() if doc.get("site") == "jingshan")
    async with roster_opened(story_store, size=SIZE) as host:
        pilot, screen = host.pilot, host.screen
        await pilot.pause()
        cursor_to(screen, "funing-v2")
        await pilot.pause()
        assert "also " not in details(screen)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press(*other["ref"], "enter")
        await pilot.pause()
        assert f"also {other['ref']}" in details(screen)
        assert story_store.volunteer("funing-v2").links == [other["id"]]
        assert any(
            f"link funing-v2 and {other['ref']}" in n.message for n in host.app._notifications
        )

        await pilot.press("L")  # unlink: the one linked record is offered
        await pilot.pause()
        await pilot.click("#ask-ok")
        await pilot.pause()
        assert "also " not in details(screen)
        assert story_store.volunteer("funing-v2").links == []
        assert story_store.volunteers.get(other["id"])["links"] == []

        await pilot.press("u")  # one undo brings both halves back
        await pilot.pause()
        assert f"also {other['ref']}" in details(screen)
        assert story_store.volunteers.get(other["id"])["links"] == [
            story_store.volunteer("funing-v2").id
        ]


async def test_a_wrong_reference_is_said_and_nothing_changes(story_store: Store) -> None:
    async with roster_opened(story_store, size=SIZE) as host:
        pilot, screen = host.pilot, host.screen
        await pilot.pause()
        cursor_to(screen, "funing-v2")
        await pilot.press("l")
        await pilot.pause()
        await pilot.press(*"nobody-v99", "enter")
        await pilot.pause()
        assert any(n.severity == "error" for n in host.app._notifications)
        assert story_store.volunteer("funing-v2").links == []
        await pilot.press("L")
        await pilot.pause()
        assert any("has no linked records" in n.message for n in host.app._notifications)
