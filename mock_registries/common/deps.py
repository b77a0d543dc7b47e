"""FastAPI dependencies of registry routes: the registry a request is for (its app's state),
and who is calling it. Routes built from these hold no registry of their own, so they are made
once per process and shared by every registry app."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from mock_registries.common.auth import Caller, identify
from mock_registries.common.context import RegistryContext
from mock_registries.common.gateway import admit

FEED_PURPOSE = "change feed"

_bearer = HTTPBearer(auto_error=False)


def registry_context(request: Request) -> RegistryContext:
    ctx: RegistryContext = request.app.state.registry
    return ctx


Ctx = Annotated[RegistryContext, Depends(registry_context)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
OnBehalfOf = Annotated[
    str | None,
    Header(max_length=32, description="the agency an intermediary (engine, gateway) acts for"),
]
Purpose = Annotated[
    str | None, Header(max_length=200, description="why the data is read (required for reads)")
]


def _caller(
    request: Request,
    ctx: RegistryContext,
    identified: Caller,
    read: bool,
    default_purpose: str | None = None,
) -> Caller:
    caller = admit(
        ctx.name, ctx.gateway, ctx.limiter, identified, read=read, default_purpose=default_purpose
    )
    return replace(caller, request_id=getattr(request.state, "request_id", ""))


def reader(
    request: Request,
    ctx: Ctx,
    credentials: Credentials,
    x_on_behalf_of: OnBehalfOf = None,
    x_purpose: Purpose = None,
) -> Caller:
    identified = identify(
        ctx.name, ctx.secret, credentials, x_on_behalf_of, x_purpose, None, ctx.demo_features
    )
    return _caller(request, ctx, identified, read=True)


def feed_reader(
    request: Request,
    ctx: Ctx,
    credentials: Credentials,
    x_on_behalf_of: OnBehalfOf = None,
    x_purpose: Purpose = None,
) -> Caller:
    """A reader of the change feed: its purpose is the feed itself unless it says another."""
    identified = identify(
        ctx.name, ctx.secret, credentials, x_on_behalf_of, x_purpose, None, ctx.demo_features
    )
    return _caller(request, ctx, identified, read=True, default_purpose=FEED_PURPOSE)


def writer(
    request: Request,
    ctx: Ctx,
    credentials: Credentials,
    x_on_behalf_of: OnBehalfOf = None,
    x_purpose: Purpose = None,
) -> Caller:
    identified = identify(ctx.name, ctx.secret, credentials, x_on_behalf_of, x_purpose, ctx.writers)
    return _caller(request, ctx, identified, read=False)


Reader = Annotated[Caller, Depends(reader)]
FeedReader = Annotated[Caller, Depends(feed_reader)]
Writer = Annotated[Caller, Depends(writer)]
