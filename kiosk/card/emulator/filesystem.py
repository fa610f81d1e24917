"""The emulated card's file tree: dedicated files (folders) and elementary files (data)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class ElementaryFile:
    fid: bytes
    content_or_loader: bytes | Callable[[], bytes]  # a loader defers costly content (keys, photos)
    read_pin: int | None = None  # PIN reference that must be verified before READ BINARY
    parent: DedicatedFile | None = field(default=None, repr=False)

    @property
    def content(self) -> bytes:
        if callable(self.content_or_loader):
            self.content_or_loader = self.content_or_loader()
        return self.content_or_loader

    def fci(self) -> bytes:
        size = len(self.content).to_bytes(2, "big")
        body = b"\x81\x02" + size + b"\x82\x01\x01\x83\x02" + self.fid + b"\x8a\x01\x05"
        # Security attributes copied from a real CC1 FCI sample (cards.md §1.8).
        body += b"\x8c\x05\x1b\xff\xff\xff\x00"
        return b"\x6f" + bytes((len(body),)) + body


@dataclass
class DedicatedFile:
    fid: bytes
    name: bytes = b""  # the application identifier, when the DF can be selected by name
    children: dict[bytes, ElementaryFile | DedicatedFile] = field(default_factory=dict)
    parent: DedicatedFile | None = field(default=None, repr=False)

    def add(self, node: ElementaryFile | DedicatedFile) -> ElementaryFile | DedicatedFile:
        node.parent = self
        self.children[node.fid] = node
        return node

    def df(self, fid: bytes, name: bytes = b"") -> DedicatedFile:
        child = DedicatedFile(fid, name)
        self.add(child)
        return child

    def ef(
        self, fid: bytes, content: bytes | Callable[[], bytes], read_pin: int | None = None
    ) -> ElementaryFile:
        child = ElementaryFile(fid, content, read_pin)
        self.add(child)
        return child

    def fci(self) -> bytes:
        body = b"\x83\x02" + self.fid
        if self.name:
            body += b"\x84" + bytes((len(self.name),)) + self.name
        return b"\x6f" + bytes((len(body),)) + body

    def find_by_name(self, name: bytes) -> DedicatedFile | None:
        if self.name == name:
            return self
        for child in self.children.values():
            if isinstance(child, DedicatedFile):
                found = child.find_by_name(name)
                if found is not None:
                    return found
        return None

    def root(self) -> DedicatedFile:
        node = self
        while node.parent is not None:
            node = node.parent
        return node

    def walk_path(self, path: bytes) -> ElementaryFile | DedicatedFile | None:
        """Follow FIDs from this DF; None when the path does not exist or is malformed."""
        if len(path) % 2:
            return None
        node: ElementaryFile | DedicatedFile = self
        for index in range(0, len(path), 2):
            fid = path[index : index + 2]
            if not isinstance(node, DedicatedFile):
                return None
            if fid == b"\x3f\x00" and index == 0 and node.parent is None:
                continue
            found = node.children.get(fid)
            if found is None:
                return None
            node = found
        return node
