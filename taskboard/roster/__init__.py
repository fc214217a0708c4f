"""Roster import and export: volunteers as spreadsheet files, with no storage or UI."""

from taskboard.roster.csv_format import (
    COLUMNS,
    RosterCSVError,
    RosterRow,
    read_roster_csv,
    write_roster_csv,
)

__all__ = ["COLUMNS", "RosterCSVError", "RosterRow", "read_roster_csv", "write_roster_csv"]
