"""FastAPI dependencies of registry routes: the registry a request is for (its app's state),
and who is calling it. Routes built from these hold no registry of their own, so they are made
once per process and shared by every registry app."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from mock_registries.common.auth import Caller, identify
from mock_registries.common.context import RegistryContext

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
Purpose = Annotated[str | None, Header(max_length=200, description="why the data is read")]


def reader(
    ctx: Ctx,
    credentials: Credentials,
    x_on_behalf_of: OnBehalfOf = None,
    x_purpose: Purpose = None,
) -> Caller:
    return identify(
        ctx.name, ctx.secret, credentials, x_on_behalf_of, x_purpose, None, ctx.demo_features
    )


def writer(
    ctx: Ctx,
    credentials: Credentials,
    x_on_behalf_of: OnBehalfOf = None,
    x_purpose: Purpose = None,
) -> Caller:
    return identify(ctx.name, ctx.secret, credentials, x_on_behalf_of, x_purpose, ctx.writers)


Reader = Annotated[Caller, Depends(reader)]
Writer = Annotated[Caller, Depends(writer)]
