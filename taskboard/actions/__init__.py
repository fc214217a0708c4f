"""One function per user action: the rules, the history and one undoable unit each."""
