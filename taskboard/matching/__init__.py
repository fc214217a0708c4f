"""Matching volunteers to work: hard rules, fit scores, one task's ranking, the whole board.

Headless like the store: it never imports Textual, and NumPy and SciPy load
only when a whole-board proposal is solved.
"""
