"""User actions, each defined once: the rules, the history entry and the undoable unit."""
