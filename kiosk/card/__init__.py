"""Citizen cards: PC/SC readers, the pt-cc1 / pt-cc2 / be-eid profiles, PINs, signing, and the
card emulator used by `kiosk demo` and the tests. Never imports Textual.

Entry points: :class:`kiosk.card.session.CardSession`, :class:`kiosk.card.simulated.SimulatedReader`,
:class:`kiosk.card.monitor.PcscMonitor`, :class:`kiosk.card.transport.PcscTransport`. Nothing is
imported here, so `import kiosk.card.cli` stays cheap.
"""
