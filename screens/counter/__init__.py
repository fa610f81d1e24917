"""The counter terminal's screens (mode = "counter"): a clerk's desk, with the queue panel on every screen."""
