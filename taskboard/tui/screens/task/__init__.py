"""The task screen, by feature: fields, checklist, assignments and history."""
