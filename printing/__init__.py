"""Printed documents, printer backends and the durable print journal.

Headless: nothing here imports Textual, the screens or the portal, so the
counter, the CLI and the tests use the same code as the kiosk.
"""
