"""Write the pack's ZIP member by member, hashing each file as it is written (bounded memory).

Large tables are written as JSON arrays from iterators, one item at a time, so a year of purge runs or
notices never sits in memory whole. Each file's SHA-256 (of its uncompressed bytes) goes in the manifest.
"""

import hashlib
import json
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import BinaryIO


@dataclass(frozen=True)
class PackFile:
    name: str
    title: str
    section: str
    sha256: str
    size: int


class _HashingWriter:
    def __init__(self, stream: BinaryIO):
        self.stream, self.digest, self.size = stream, hashlib.sha256(), 0

    def write(self, data: bytes) -> None:
        self.stream.write(data)
        self.digest.update(data)
        self.size += len(data)


def _json_default(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"Cannot write {type(value).__name__} to JSON.")


def to_json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, default=_json_default).encode()


class PackWriter:
    """A ZIP being written; `section` names the part of the pack the next files belong to."""

    def __init__(self, fileobj: BinaryIO):
        self.zip = zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        self.files: list[PackFile] = []
        self.section = ""

    @contextmanager
    def open(self, name: str, title: str) -> Iterator[_HashingWriter]:
        """Yield a writer for one member; its hash and size are recorded when the block ends."""
        if any(f.name == name for f in self.files):
            raise ValueError(f"The pack already holds {name}.")
        with self.zip.open(name, "w", force_zip64=True) as stream:
            writer = _HashingWriter(stream)
            yield writer
        self.files.append(PackFile(name, title, self.section, writer.digest.hexdigest(), writer.size))

    def write(self, name: str, title: str, data: bytes | str) -> None:
        with self.open(name, title) as out:
            out.write(data.encode() if isinstance(data, str) else data)

    def write_json(self, name: str, title: str, value) -> None:
        self.write(name, title, to_json(value))

    def write_json_items(self, name: str, title: str, items: Iterable) -> int:
        """Write a JSON array from an iterator, one item at a time; return how many items."""
        count = 0
        with self.open(name, title) as out:
            out.write(b"[")
            for item in items:
                out.write((b",\n" if count else b"\n") + to_json(item))
                count += 1
            out.write(b"\n]\n")
        return count

    def close(self) -> None:
        self.zip.close()

    def abort(self) -> None:
        """Close after a failure; the caller discards the file, so an error here changes nothing."""
        with suppress(OSError, ValueError):
            self.zip.close()
