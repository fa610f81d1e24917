"""Keys in the order they were typed, each one going where the focus is once the key before it is handled.

Textual hands a key to the focused widget by putting it in that widget's queue and goes on to the next key at
once. A key the widget does not take itself (Tab, Enter, Ctrl+U in a field) bubbles up through its containers
to the app, whose bindings act on it later still. So in a fast burst (a password manager, a keyboard wedge, key
repeat, a fast typist) the letters after a Tab landed in the field the Tab was leaving, and a password typed
after Ctrl+U was wiped by that Ctrl+U reaching the field's binding after the password (QA H6).

Here the app holds a key while the one before it is on its way: that key has gone up the whole way (widget,
containers, screen, app) and whatever its handling sent along that way (a field's Submitted, say) has gone up
too. Then the next key is let go, to wherever the focus is by then. A person typing at a person's pace never
waits: a key is held only when it arrives before the one before it is handled.
"""

from __future__ import annotations

from collections import deque

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.timer import Timer

HOLD_LIMIT_SECONDS = 1.0
"""A key whose way up never ends (its widget closed with the key queued) stops holding the next after this."""
WAVES = 2
"""Up the key's way twice: the first time behind the key itself, the second behind what handling it sent."""


class KeysInOrder(App[int]):
    """An app whose keys are handled one after the other, in the order they came from the terminal."""

    def __init__(self) -> None:
        super().__init__()
        self._key_on_its_way: events.Key | None = None
        self._keys_held: deque[events.Key] = deque()
        self._hold_limit: Timer | None = None

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key) or event.is_forwarded:
            await super().on_event(event)
            return
        if event is not self._key_on_its_way:
            if self._key_on_its_way is not None:
                self._keys_held.append(event)  # let go when the key before it is handled (_key_handled)
                if self._hold_limit is None:
                    self._hold_limit = self.set_timer(HOLD_LIMIT_SECONDS, self._held_too_long)
                return
            self._key_on_its_way = event
        await super().on_event(event)
        if event.is_forwarded:  # on its way up from the focused widget (else an app binding has done it)
            first = self.focused or self.screen
            self._follow(event, first, first, WAVES)
        else:
            self._key_handled(event)

    def _follow(self, key: events.Key, first: MessagePump, node: MessagePump, waves: int) -> None:
        """Queue behind the key at ``node``; once there, do the same one step up, and so on to the app."""

        def reached() -> None:
            if key is not self._key_on_its_way:
                return  # held too long, already let go
            parent = node._parent
            if node is not self and parent is not None:
                self._follow(key, first, parent, waves)
            elif waves > 1:
                self._follow(key, first, first, waves - 1)
            else:
                self._key_handled(key)

        if not node.call_later(reached):  # that widget is closing: nothing more will come of the key there
            self._key_handled(key)

    def _key_handled(self, key: events.Key) -> None:
        if key is not self._key_on_its_way:
            return
        self._key_on_its_way = None
        if self._hold_limit is not None:
            self._hold_limit.stop()
            self._hold_limit = None
        if self._keys_held:
            self._key_on_its_way = self._keys_held.popleft()
            self.post_message(self._key_on_its_way)  # behind what is queued now: focus moves have been done
            if self._keys_held:
                self._hold_limit = self.set_timer(HOLD_LIMIT_SECONDS, self._held_too_long)

    def _held_too_long(self) -> None:
        self._hold_limit = None
        if self._key_on_its_way is not None:
            self._key_handled(self._key_on_its_way)
