"""The audit log's periodic job."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from engine.audit.checkpoints import write_checkpoint
from engine.services import Services


def audit_checkpoint(services: Services) -> Callable[[], Awaitable[None]]:
    """Sign the audit log's head into the checkpoint file outside the database."""
    settings = services.settings

    async def run() -> None:
        file = settings.audit_checkpoint_file()
        now = services.clock.now()
        await asyncio.to_thread(write_checkpoint, services.db, settings.audit_key, file, now)

    return run
