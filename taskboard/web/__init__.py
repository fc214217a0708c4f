"""The phone page: a small web front end served by the office laptop on its Wi-Fi.

A front end like `cli/` and `tui/`: it may use the domain packages, actions,
store and settings, and nothing below imports it. Starlette, uvicorn, Jinja2
and segno load only with `taskboard.web.server` (`taskboard serve`), so the
CLI's other commands stay as fast as before. See docs/threat-model.md.
"""
