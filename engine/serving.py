"""Serving an app with uvicorn so that its background jobs stop before its sockets close: a
demo stopped with Ctrl-C, or a test's server at the end of a test, then does not report its
own registries as unavailable on the way out."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable

import uvicorn
from fastapi import FastAPI


class JobsFirstServer(uvicorn.Server):
    """A uvicorn server that calls ``stop_jobs`` before it stops serving."""

    def __init__(self, config: uvicorn.Config, stop_jobs: Callable[[], None]) -> None:
        super().__init__(config)
        self._stop_jobs = stop_jobs

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        await asyncio.to_thread(self._stop_jobs)
        await super().shutdown(sockets)


def jobs_first_server(
    app: FastAPI, host: str, port: int, log_level: str = "warning"
) -> uvicorn.Server:
    """A server for ``app`` that stops the app's background jobs (``app.state.stop_jobs``, set
    by ``create_app``) first when it is told to exit."""
    stop: Callable[[], None] = getattr(app.state, "stop_jobs", lambda: None)
    return JobsFirstServer(uvicorn.Config(app, host=host, port=port, log_level=log_level), stop)


def serve(app: FastAPI, host: str, port: int, log_level: str = "warning") -> None:
    """``uvicorn.run`` for one app, with its jobs stopped first on the way out."""
    jobs_first_server(app, host, port, log_level).run()
