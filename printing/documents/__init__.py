"""The documents the kiosk and the counter print, each rendered to PDF bytes."""
