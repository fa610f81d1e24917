"""What a scanner's text becomes on a terminal with another keyboard layout, from the real XKB keymaps.

The scanner sends, for each character, the key (and Shift) that makes it in the scanner's layout; the terminal
turns that key back into a character with its own layout. Both keymaps are compiled by libxkbcommon from the
system's xkb-data (Debian packages libxkbcommon0 and xkb-data), the same tables X11 and Wayland use.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache

from tests.helpers import require

XKB_KEY_DOWN = 1
XKB_KEY_UP = 0
SHIFT_KEYCODE = 50  # <LFSH> in the evdev keycodes every layout shares
KEYCODES = range(9, 100)  # the main block: digits, letters, punctuation, space


class _RuleNames(ctypes.Structure):
    _fields_ = [(name, ctypes.c_char_p) for name in ("rules", "model", "layout", "variant", "options")]


@cache
def _library() -> ctypes.CDLL:
    found = ctypes.util.find_library("xkbcommon")
    require(found is not None, "libxkbcommon (Debian package libxkbcommon0)")
    assert found is not None
    lib = ctypes.CDLL(found)
    lib.xkb_context_new.restype = ctypes.c_void_p
    lib.xkb_keymap_new_from_names.restype = ctypes.c_void_p
    lib.xkb_keymap_new_from_names.argtypes = [ctypes.c_void_p, ctypes.POINTER(_RuleNames), ctypes.c_int]
    lib.xkb_state_new.restype = ctypes.c_void_p
    lib.xkb_state_new.argtypes = [ctypes.c_void_p]
    lib.xkb_state_update_key.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int]
    lib.xkb_state_key_get_utf8.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_char_p, ctypes.c_size_t]
    return lib


@cache
def layout_keys(layout: str) -> dict[tuple[int, bool], str]:
    """(keycode, shift) -> the character that key types in ``layout`` (keys that type nothing left out)."""
    lib = _library()
    context = lib.xkb_context_new(0)
    names = _RuleNames(b"evdev", b"pc105", layout.encode(), b"", b"")
    keymap = lib.xkb_keymap_new_from_names(context, ctypes.byref(names), 0)
    require(bool(keymap), f"the XKB keymap {layout!r} (Debian package xkb-data)")
    keys: dict[tuple[int, bool], str] = {}
    buffer = ctypes.create_string_buffer(16)
    for shift in (False, True):
        state = lib.xkb_state_new(keymap)
        if shift:
            lib.xkb_state_update_key(state, SHIFT_KEYCODE, XKB_KEY_DOWN)
        for keycode in KEYCODES:
            size = lib.xkb_state_key_get_utf8(state, keycode, buffer, len(buffer))
            typed = buffer.value[:size].decode("utf-8", "replace")
            if len(typed) == 1 and typed.isprintable():
                keys[(keycode, shift)] = typed
    return keys


def typed_through(text: str, scanner_layout: str, terminal_layout: str) -> str:
    """What the terminal reads when a scanner set to ``scanner_layout`` types ``text``."""
    scanner = {character: key for key, character in sorted(layout_keys(scanner_layout).items(), reverse=True)}
    terminal = layout_keys(terminal_layout)
    return "".join(terminal.get(scanner[character], "") for character in text)


def altered(seal: str, holder: str) -> str:
    """The same seal with another holder written into its payload and the signature left as it was."""
    import zlib

    import cbor2

    from kiosk.seal import CLAIM_DOCUMENT, PREFIX, b45decode, b45encode

    sign1 = cbor2.loads(zlib.decompress(b45decode(seal[len(PREFIX) :])))
    protected, unprotected, payload, signature = sign1.value
    claims = cbor2.loads(payload)
    claims[CLAIM_DOCUMENT]["holder"] = holder
    forged = cbor2.CBORTag(sign1.tag, [protected, unprotected, cbor2.dumps(claims), signature])
    return PREFIX + b45encode(zlib.compress(cbor2.dumps(forged)))
