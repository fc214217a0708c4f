"""`python -m taskboard.store shapes`: write the record shapes again after a model changed.

The data file is checked at start-up against `store/record_shapes.json`, made from
the models, so that opening it imports no pydantic (see `store.shape`); a test
fails while that file is out of date.
"""

from __future__ import annotations

import sys

from taskboard.store.shape import write_shapes


def main(argv: list[str]) -> int:
    """Run the one command there is."""
    if argv != ["shapes"]:
        sys.stderr.write("usage: python -m taskboard.store shapes\n")
        return 2
    sys.stdout.write(f"wrote {write_shapes()}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
