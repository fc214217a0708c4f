"""Roster import and export: volunteers as spreadsheet files.

`csv_format` reads and writes the files and knows nothing of storage;
`importing` applies a read file to a store, for the CLI and the board alike.
"""

from taskboard.roster.csv_format import (
    COLUMNS,
    RosterCSVError,
    RosterRow,
    read_roster_csv,
    write_roster_csv,
)

__all__ = ["COLUMNS", "RosterCSVError", "RosterRow", "read_roster_csv", "write_roster_csv"]
