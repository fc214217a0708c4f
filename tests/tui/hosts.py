"""Test apps that show one screen as the real app would: with its stylesheet."""

from pathlib import Path

from textual.app import App

import taskboard.tui.app

APP_CSS = Path(taskboard.tui.app.__file__).with_name("app.tcss")
"""The application stylesheet, which holds the screens' CSS."""


class ScreenHost(App[None]):
    """An app with the application stylesheet, to host one screen in a test."""

    CSS_PATH = APP_CSS
