"""Matching on screen: candidates for one task, and the whole-board draft to review.

Both screens compute in a thread worker (a district's roster takes a few
hundred milliseconds to read, the whole-board solver loads SciPy) and fill
their tables when the worker posts its result. Nothing is stored until the
coordinator confirms. Storing goes through `taskboard.actions` — the same
functions the CLI calls — and each action is one step of the board's undo.
"""
