"""The catalog, kept on disk so people can still browse services while the portal is away.

Only public catalog data lives here (service names, start pages, forms): nothing about a person. Each entry
keeps the portal's ETag, so a refresh costs a 304 when nothing changed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class CachedResponse:
    etag: str | None
    body: Any


class CatalogCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, path: str, language: str) -> Path:
        name = hashlib.sha256(f"{language} {path}".encode()).hexdigest()[:24]
        return self.folder / f"{name}.json"

    def get(self, path: str, language: str) -> CachedResponse | None:
        try:
            stored = json.loads(self._file(path, language).read_text(encoding="utf-8"))
            return CachedResponse(stored.get("etag"), stored["body"])
        except (OSError, ValueError, KeyError, AttributeError):
            return None  # no copy, or a damaged one: as if never cached

    def put(self, path: str, language: str, etag: str | None, body: Any) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self._file(path, language)
        temporary = target.with_suffix(".tmp")
        temporary.write_text(json.dumps({"etag": etag, "path": path, "body": body}), encoding="utf-8")
        temporary.replace(target)
