"""Sync is headless: importing it never loads Textual; its Chinese catalogue is complete."""

from __future__ import annotations

import subprocess
import sys

from taskboard.i18n import LANGUAGES, set_language
from taskboard.sync.merge import MergeSummary, TableCounts


def test_sync_does_not_import_textual() -> None:
    script = (
        "import sys\n"
        "import taskboard.sync, taskboard.cli.sync_commands\n"
        "print(','.join(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_catalogue_placeholders_match() -> None:
    for english, chinese in LANGUAGES["zh"].items():
        for placeholder in ("{file}", "{site}", "{ref}", "{field}", "{count}", "{where}"):
            assert (placeholder in english) == (placeholder in chinese), english


def test_summary_text_in_chinese() -> None:
    from taskboard.cli.sync_commands import summary_text

    set_language("zh")
    summary = MergeSummary(bundles=["a.json"], tables={"tasks": TableCounts(new=2)})
    text = summary_text(summary)
    assert "任务" in text and "新建" in text
