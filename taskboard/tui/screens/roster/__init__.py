"""The roster screen, by feature: rows, filters, the table and the details panel."""
