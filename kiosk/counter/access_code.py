"""Whether what reached the counter's verify box can be a document's access code, before the portal is asked.

kiosk/verify_input.py takes any groups of four letters and digits for an access code (a person may type it
with or without dashes). The portal mints document access codes of one shape only (portal/security.py,
``new_code``): twelve characters in three groups of four, from an alphabet without the look-alikes 0, O, 1, I
and L. At a counter a held key (key repeat: "AAAAAAAAAAAAAAAA") has that loose shape and was sent to the portal
as a code; anything that cannot be a code is now refused here in plain words, and nothing is sent.
"""

from __future__ import annotations

import re

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""The portal's (portal/security.py CODE_ALPHABET, the kiosk cannot import it): no 0, O, 1, I or L."""
CODE_LENGTH = 12
"""Three groups of four: ABCD-EFGH-JKMN."""


def access_code_problem(code: str) -> str | None:
    """None when ``code`` can be a document's access code; else the i18n key of a plain message saying why not
    (kiosk/i18n/*/counter.toml, ``counter.verify.code_*``)."""
    plain = re.sub(r"[\s-]", "", code.upper())
    if len(plain) > 1 and len(set(plain)) == 1:
        return "counter.verify.code_repeated"  # one key held down: never a code, whatever its length
    if len(plain) != CODE_LENGTH:
        return "counter.verify.code_length"
    if not set(plain) <= set(CODE_ALPHABET):
        return "counter.verify.code_characters"
    return None
