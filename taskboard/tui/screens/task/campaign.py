"""The campaign part of a round's task screen: where the campaign stands, who is left.

A visits task that is a round of a campaign shows, above its assignments,
the campaign's progress ("18/40 households", "no household missed") and every
household still to see with its attempts and visits (day, who, what came of
it), so the coordinator plans the next evening from the screen.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from taskboard.actions.campaigns import Summary, campaign_of_task, summarise
from taskboard.actions.describe import CHECK_WORDS
from taskboard.i18n import _, ngettext
from taskboard.store import Store
from taskboard.tui.screens.task.fields import BOLD, section
from taskboard.tui.screens.task.text import TextTable

LEFT_COLUMNS = ("Household", "State", "Attempts", "Visits")


def campaign_summary(store: Store, task_id: str) -> Summary | None:
    """The summary of the campaign this task is a round of, or None."""
    campaign = campaign_of_task(store, task_id)
    return summarise(store, campaign) if campaign is not None else None


def campaign_part(summary: Summary, task_id: str) -> Group:
    """The campaign's heading line, its progress and the households left."""
    campaign = summary.campaign
    number = next(r.number for r in campaign.rounds if r.task == task_id)
    state = _("closed") if campaign.closed else _("under way")
    progress = ngettext(
        "{done}/{total} household", "{done}/{total} households", summary.total
    ).format(done=summary.finished, total=summary.total)
    head = Text.assemble(
        (f"{campaign.ref} ", BOLD),
        f"{campaign.title} · " + _("round {n}").format(n=number) + f" ({state})\n",
        f"{progress} · {summary.words()}",
    )
    rows = [
        [
            Text(story.household.label),
            Text(story.words()),
            Text(str(story.attempts)),
            Text(
                "; ".join(
                    _("{on} {who}: {state}").format(
                        on=visit.on.strftime("%m-%d"),
                        who=visit.who or "-",
                        state=_(CHECK_WORDS.get(visit.state, visit.state)),
                    )
                    for visit in story.visits
                )
                or "-"
            ),
        ]
        for story in summary.left
    ]
    parts: list[Text | TextTable] = [section("Campaign"), head]
    if rows:
        header = [Text(_(column), style=BOLD) for column in LEFT_COLUMNS]
        parts.append(TextTable(rows, header=header))
    return Group(*parts)
