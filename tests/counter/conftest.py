"""The counter's fixtures (tests/counter/fixtures.py), for the tests here; tests/ui imports them by name."""

from tests.counter.fixtures import counter_settings, shared_portal

__all__ = ["counter_settings", "shared_portal"]
