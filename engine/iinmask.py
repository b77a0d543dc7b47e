"""IINs in logs are always masked."""

from __future__ import annotations

from engine.kernel.iin import mask_iin


def mask(value: str) -> str:
    return mask_iin(value) if value else "-"
