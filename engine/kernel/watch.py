"""Noticing that rule, life-event or parameter files changed, without reading them."""

from __future__ import annotations

from pathlib import Path

Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(*folders: Path) -> Fingerprint:
    """Name, size and modification time of every YAML file under the folders."""
    entries: list[tuple[str, int, int]] = []
    for folder in folders:
        for path in sorted(folder.rglob("*.yaml")):
            try:
                stat = path.stat()
            except OSError:
                continue
            entries.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)
