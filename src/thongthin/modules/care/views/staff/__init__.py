"""The care module's back-office pages, by part of the work."""
