"""The kiosk's core, split by responsibility; kiosk.core.KioskCore wires one of each.

- cards: the reader watch, demo cards, identity, photo, PIN tries, pinpad, card signing (blocking)
- portal: the embedded or remote portal, the one PortalClient, the durable outbox
- catalog: the service catalog through the client's cache
- login: the card login (challenge, signature in a thread, session token)
- paper: receipts and certificates through the one PrintService, the printers' state (blocking)
- applications: submit with the outbox fallback then paper in a thread, the person's list, reprints
- models: the frozen values the screens get back (Confirmation, PaymentInfo, ...)

Each part guards only its own lazily made state; none shares a lock with another.
"""
