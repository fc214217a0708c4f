"""taskboard: an offline-first volunteer task board with a terminal UI."""

__version__ = "0.1.0"
