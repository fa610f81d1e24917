"""The embedded demo portal keeps the port it chose: nothing else can take it or answer in its place."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import httpx

from kiosk.config import Settings, load_settings
from kiosk.embedded import EmbeddedPortal


def settings_in(folder: Path, demo_config: Path, port: int) -> Settings:
    text = demo_config.read_text(encoding="utf-8")
    config = folder / "kiosk.toml"
    folder.mkdir()
    config.write_text(
        re.sub(
            r"embedded_port = \d+",
            f"embedded_port = {port}",
            text.replace(f'data_dir = "{demo_config.parent / "var"}"', f'data_dir = "{folder / "var"}"'),
        ),
        encoding="utf-8",
    )
    return load_settings(config, env={})


def test_two_portals_asking_for_one_port_both_come_up_on_ports_of_their_own(
    tmp_path: Path, demo_config: Path
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        wanted = probe.getsockname()[1]
    first = EmbeddedPortal(settings_in(tmp_path / "first", demo_config, wanted))
    second = EmbeddedPortal(settings_in(tmp_path / "second", demo_config, wanted))
    # Both start before either listens: with a port chosen by probing, the second would pick the same free port,
    # fail to bind it, and could meanwhile take the first one's health answer for its own.
    first.start()
    second.start()
    try:
        tokens = first.wait_ready(), second.wait_ready()
        assert first.port == wanted
        assert second.port != wanted
        for portal, token in zip((first, second), tokens, strict=True):
            answer = httpx.get(
                f"{portal.url}/v1/catalog/services", headers={"Authorization": f"Bearer {token}"}, timeout=10
            )
            assert answer.status_code == 200, answer.text
    finally:
        first.stop()
        second.stop()


def test_a_restarted_portal_comes_back_on_its_port(demo_settings: Settings) -> None:
    portal = EmbeddedPortal(demo_settings)
    portal.start()
    try:
        portal.wait_ready()
        port = portal.port
        portal.stop()
        portal.start(port=port)
        portal.wait_ready()
        assert portal.port == port
        assert httpx.get(f"{portal.url}/v1/health", timeout=5).status_code == 200
    finally:
        portal.stop()
