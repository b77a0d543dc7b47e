"""Field types shared by the registries' request bodies."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator

from engine.kernel.iin import iin_problem


def _check_iin(value: str) -> str:
    problem = iin_problem(value)
    if problem is not None:
        raise ValueError(f"invalid IIN: {problem}")
    return value


IIN = Annotated[str, AfterValidator(_check_iin)]
