"""The counter terminal without its screens: the clerk signed in at a desk, the queue as the desk sees it, and
the checks on what a clerk types (ticket numbers, cash amounts).

Nothing here imports Textual: screens/counter/ renders these objects and hands the clerk's keys back to them,
and tests drive them with plain pytest against the real portal.
"""
