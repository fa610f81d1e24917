"""Textual screens: one screen per module, its stylesheet beside it."""
