"""The form that creates or edits a task: the screen (`screen.py`), form text ⇄ task
values (`text.py`), and which field an error belongs to (`errors.py`)."""

from taskboard.tui.screens.task_form.screen import TaskForm

__all__ = ["TaskForm"]
