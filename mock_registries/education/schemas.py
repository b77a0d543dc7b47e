"""What the kindergarten queue answers."""

from __future__ import annotations

from pydantic import BaseModel, Field

from mock_registries.common.codes import QueueStatus, Region
from mock_registries.common.schemas import DateOut, IINOut


class QueueEntryOut(BaseModel):
    entry_id: str
    child_iin: IINOut
    region: Region
    requested_on: DateOut
    preferential: bool
    status: QueueStatus
    kindergarten: str | None = None
    placed_on: DateOut | None = None
    position: int | None = Field(description="place in the region's queue; null once placed")


class EnrolmentAnswer(BaseModel):
    entry_id: str
    position: int | None
    event_id: str
