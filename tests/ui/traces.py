"""Looking for what a person left behind: in every screen and widget, and anywhere in the app's state.

After a wipe nothing of the previous person may be reachable. These helpers search the whole widget tree of
every mode (what is rendered, and every value a widget holds) and the object graph hanging off the app for the
person's name and numbers, and say where they found them.
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Iterator
from typing import Any

from textual.app import App
from textual.widget import Widget

# Places that legitimately hold card data after the card left: the simulated reader is the demo's stand-in for
# the plastic card itself (it is the card, not the kiosk's memory of it), and the Textual internals below hold
# no application data.
NOT_THE_KIOSK = frozenset({"_simulated", "emulator", "_cards_in_slot", "_driver", "_loop", "_thread"})


def person_needles(identity: Any) -> list[str]:
    """The name and every number of the person, as they could appear anywhere (the name's parts too)."""
    needles = [identity.full_name(), identity.surname, identity.given_names]
    for name in ("civil_id", "tax_id", "social_security_id", "health_id", "national_number", "document_number"):
        value = getattr(identity, name, None)
        if value:
            needles.append(str(value))
    return [needle for needle in needles if needle and len(needle) >= 4]


def widget_texts(app: App[Any]) -> Iterator[tuple[str, str]]:
    """(where, text) for every widget of every screen of every mode: what it renders, and its own values."""
    for mode, stack in app._screen_stacks.items():
        for screen in stack:
            for widget in screen.walk_children(with_self=True):
                assert isinstance(widget, Widget)
                where = f"{mode}/{type(screen).__name__}/{type(widget).__name__}#{widget.id}"
                try:
                    rendered = str(widget.render())
                except Exception:  # a widget that cannot render off-screen has nothing on screen either
                    rendered = ""
                yield where, rendered
                for name, value in vars(widget).items():
                    if isinstance(value, str):
                        yield f"{where}.{name}", value
                    elif isinstance(value, bytes | bytearray):
                        yield f"{where}.{name}", bytes(value).decode(errors="replace")


def state_texts(root: object, max_depth: int = 12) -> Iterator[tuple[str, str]]:
    """(path, text) for every string reachable from root through attributes and containers."""
    seen: set[int] = set()
    stack: list[tuple[str, object, int]] = [("app", root, 0)]
    while stack:
        path, value, depth = stack.pop()
        if id(value) in seen or depth > max_depth:
            continue
        seen.add(id(value))
        if isinstance(value, str):
            yield path, value
            continue
        if isinstance(value, bytes | bytearray):
            yield path, bytes(value).decode(errors="replace")
            continue
        if isinstance(value, types.ModuleType | type | types.FunctionType | types.BuiltinFunctionType):
            continue
        for name, child in _children(value):
            if name in NOT_THE_KIOSK:
                continue
            stack.append((f"{path}.{name}", child, depth + 1))


def _children(value: object) -> Iterable[tuple[str, object]]:
    if isinstance(value, dict):
        for key, child in list(value.items()):
            yield f"[{key!r}]", child
            yield f"<key {key!r}>", key
    elif isinstance(value, list | tuple | set | frozenset):
        for index, child in enumerate(list(value)):
            yield f"[{index}]", child
    else:
        attributes = getattr(value, "__dict__", None)
        if isinstance(attributes, dict):
            yield from ((str(name), child) for name, child in list(attributes.items()))
        for slot in getattr(type(value), "__slots__", ()):
            if isinstance(slot, str) and hasattr(value, slot):
                yield slot, getattr(value, slot)


def traces_of(needles: list[str], texts: Iterable[tuple[str, str]]) -> list[str]:
    folded = [needle.casefold() for needle in needles]
    return [f"{where}: {needle!r}" for where, text in texts for needle in folded if needle in text.casefold()]
