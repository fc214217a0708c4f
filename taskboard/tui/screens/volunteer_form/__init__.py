"""The form that adds or edits a volunteer: the screen (`screen.py`), form text ⇄
volunteer values (`text.py`), and which field a refusal belongs to (`errors.py`)."""

from taskboard.tui.screens.volunteer_form.screen import VolunteerForm
from taskboard.tui.screens.volunteer_form.text import slot_label

__all__ = ["VolunteerForm", "slot_label"]
