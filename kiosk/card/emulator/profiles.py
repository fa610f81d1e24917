"""Chooses the builder of an emulated card's file system by profile."""

from __future__ import annotations

from kiosk.card.emulator.card import CardImage
from kiosk.card.emulator.citizens import DemoCitizen
from kiosk.card.identity import PROFILES


def build_image(profile: str, citizen: DemoCitizen) -> CardImage:
    if profile == "pt-cc1":
        from kiosk.card.emulator import pt_cc1

        return pt_cc1.build(citizen)
    if profile == "pt-cc2":
        from kiosk.card.emulator import pt_cc2

        return pt_cc2.build(citizen)
    if profile == "be-eid":
        from kiosk.card.emulator import be_eid

        return be_eid.build(citizen)
    raise ValueError(f"unknown card profile {profile!r}; known: {', '.join(PROFILES)}")
