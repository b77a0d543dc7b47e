"""Acts of civil status other than births: deaths, marriages, divorces, name changes and
corrections of a birth act. The population registry checks and applies each change first;
the act and its change-feed event are then written here."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, or_, select

from mock_registries.civil.births import birth_event
from mock_registries.civil.models import (
    FEED,
    BirthCorrectionRecord,
    BirthRecord,
    DeathRecord,
    DivorceRecord,
    MarriageRecord,
    NameChangeRecord,
    act_json,
)
from mock_registries.common.codes import Sex
from mock_registries.common.errors import AlreadyRegistered, FieldError
from mock_registries.common.feed import append_change
from mock_registries.common.validators import IIN, Day, Name, RowIdField


class DeathIn(BaseModel):
    iin: IIN
    death_date: Day


class MarriageIn(BaseModel):
    spouse1_iin: IIN
    spouse2_iin: IIN
    marriage_date: Day


class DivorceIn(BaseModel):
    spouse1_iin: IIN
    spouse2_iin: IIN
    divorce_date: Day


class NameChangeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    iin: IIN
    first_name: Name | None = None
    last_name: Name | None = None
    patronymic: Name | None = None
    first_name_kk: Name | None = None
    last_name_kk: Name | None = None
    change_date: Day


class BirthCorrectionIn(BaseModel):
    """The act is named by ``act_id`` or by the child's IIN; the other fields are the
    corrections."""

    model_config = ConfigDict(extra="forbid")

    act_id: RowIdField | None = None
    child_iin: IIN | None = None
    child_first_name: Name | None = None
    child_last_name: Name | None = None
    child_sex: Sex | None = None
    birth_date: Day | None = None
    father_iin: IIN | None = None


CORRECTION_TO_POPULATION = {
    "child_first_name": "first_name",
    "child_last_name": "last_name",
    "child_sex": "sex",
    "birth_date": "birth_date",
    "father_iin": "father_iin",
}


def register_act(
    session: Session, record: Any, kind: str, now: datetime, data: dict[str, Any]
) -> dict[str, Any]:
    """Write the act and its change in the feed (the caller's transaction); answer with both."""
    session.add(record)
    session.flush()
    event_id = append_change(
        session.connection(),
        FEED,
        type=kind,
        occurred_at=now,
        data={"act_id": record.id, **data},
    )
    return {"act_id": record.id, "event_id": event_id}


def death_act(session: Session, iin: str) -> DeathRecord | None:
    return session.exec(select(DeathRecord).where(DeathRecord.iin == iin)).first()


def open_marriage(session: Session, one: str, other: str) -> MarriageRecord | None:
    pair = or_(
        (col(MarriageRecord.spouse1_iin) == one) & (col(MarriageRecord.spouse2_iin) == other),
        (col(MarriageRecord.spouse1_iin) == other) & (col(MarriageRecord.spouse2_iin) == one),
    )
    query = (
        select(MarriageRecord)
        .where(pair, col(MarriageRecord.divorce_date).is_(None))
        .order_by(col(MarriageRecord.id).desc())
    )
    return session.exec(query).first()


def record_death(session: Session, body: DeathIn, now: datetime) -> dict[str, Any]:
    existing = death_act(session, body.iin)
    if existing is not None:
        raise FieldError("iin", "death.duplicate", act_id=existing.id)
    record = DeathRecord(iin=body.iin, death_date=body.death_date, registered_at=now)
    return register_act(
        session,
        record,
        "death.registered",
        now,
        {"iin": body.iin, "death_date": body.death_date.isoformat()},
    )


def record_marriage(session: Session, body: MarriageIn, now: datetime) -> dict[str, Any]:
    existing = open_marriage(session, body.spouse1_iin, body.spouse2_iin)
    if existing is not None:
        raise AlreadyRegistered("marriage", act_json(existing))
    record = MarriageRecord(
        spouse1_iin=body.spouse1_iin,
        spouse2_iin=body.spouse2_iin,
        marriage_date=body.marriage_date,
        registered_at=now,
    )
    return register_act(
        session,
        record,
        "marriage.registered",
        now,
        {
            "spouse1_iin": body.spouse1_iin,
            "spouse2_iin": body.spouse2_iin,
            "marriage_date": body.marriage_date.isoformat(),
        },
    )


def check_divorce_date(session: Session, body: DivorceIn) -> None:
    marriage = open_marriage(session, body.spouse1_iin, body.spouse2_iin)
    if marriage is not None and body.divorce_date < marriage.marriage_date:
        raise FieldError(
            "divorce_date", "divorce.before_marriage", marriage_date=marriage.marriage_date
        )


def record_divorce(session: Session, body: DivorceIn, now: datetime) -> dict[str, Any]:
    marriage = open_marriage(session, body.spouse1_iin, body.spouse2_iin)
    if marriage is None:
        repeated = session.exec(
            select(DivorceRecord).where(
                DivorceRecord.spouse1_iin == body.spouse1_iin,
                DivorceRecord.spouse2_iin == body.spouse2_iin,
                DivorceRecord.divorce_date == body.divorce_date,
            )
        ).first()
        if repeated is not None:
            raise AlreadyRegistered("divorce", act_json(repeated))
    if marriage is not None:
        marriage.divorce_date = body.divorce_date
        session.add(marriage)
    record = DivorceRecord(
        marriage_id=marriage.id if marriage is not None else None,
        spouse1_iin=body.spouse1_iin,
        spouse2_iin=body.spouse2_iin,
        divorce_date=body.divorce_date,
        registered_at=now,
    )
    return register_act(
        session,
        record,
        "divorce.registered",
        now,
        {
            "spouse1_iin": body.spouse1_iin,
            "spouse2_iin": body.spouse2_iin,
            "divorce_date": body.divorce_date.isoformat(),
        },
    )


def population_name_changes(body: NameChangeIn) -> dict[str, Any]:
    """The fields of the population record a name change sets; the Kazakh forms follow the
    new names unless given separately."""
    changes: dict[str, Any] = {}
    if body.first_name is not None:
        changes["first_name"] = body.first_name
        changes["first_name_kk"] = body.first_name_kk or body.first_name
    if body.last_name is not None:
        changes["last_name"] = body.last_name
        changes["last_name_kk"] = body.last_name_kk or body.last_name
    if body.patronymic is not None:
        changes["patronymic"] = body.patronymic
    if body.first_name_kk is not None:
        changes["first_name_kk"] = body.first_name_kk
    if body.last_name_kk is not None:
        changes["last_name_kk"] = body.last_name_kk
    if not changes:
        raise FieldError("first_name", "name_change.nothing")
    return changes


def record_name_change(
    session: Session, body: NameChangeIn, person: dict[str, Any], now: datetime
) -> dict[str, Any]:
    record = NameChangeRecord(
        iin=body.iin,
        first_name=body.first_name or person["first_name"],
        last_name=body.last_name or person["last_name"],
        patronymic=body.patronymic or person.get("patronymic"),
        change_date=body.change_date,
        registered_at=now,
    )
    return register_act(
        session,
        record,
        "name.changed",
        now,
        {
            "iin": body.iin,
            "first_name": record.first_name,
            "last_name": record.last_name,
            "change_date": body.change_date.isoformat(),
        },
    )


def find_birth(session: Session, act_id: int | None, child_iin: str | None) -> BirthRecord | None:
    if act_id is not None:
        record = session.get(BirthRecord, act_id)
        if record is None or (child_iin is not None and record.child_iin != child_iin):
            return None
        return record
    return session.exec(select(BirthRecord).where(BirthRecord.child_iin == child_iin)).first()


def record_birth_correction(
    session: Session,
    act_id: int,
    corrected: dict[str, Any],
    birth_order: int | None,
    now: datetime,
) -> dict[str, Any]:
    record = session.get(BirthRecord, act_id, with_for_update=True)
    if record is None:
        raise FieldError("act_id", "correction.unknown_act")
    for field, value in corrected.items():
        setattr(record, field, date.fromisoformat(value) if field == "birth_date" else value)
    session.add(record)
    correction = BirthCorrectionRecord(birth_id=act_id, corrected=corrected, registered_at=now)
    session.add(correction)
    session.flush()
    data = {**birth_event(record, birth_order), **corrected, "corrected": sorted(corrected)}
    event_id = append_change(
        session.connection(), FEED, type="birth.corrected", occurred_at=now, data=data
    )
    return {"act_id": act_id, "correction_id": correction.id, "event_id": event_id}


def acts_of(session: Session, iin: str) -> dict[str, Any]:
    """Every act concerning a person, by kind."""
    births = session.exec(
        select(BirthRecord)
        .order_by(col(BirthRecord.birth_date), col(BirthRecord.id))
        .where(
            or_(
                col(BirthRecord.child_iin) == iin,
                col(BirthRecord.mother_iin) == iin,
                col(BirthRecord.father_iin) == iin,
            )
        )
    ).all()
    marriages = session.exec(
        select(MarriageRecord).where(
            or_(col(MarriageRecord.spouse1_iin) == iin, col(MarriageRecord.spouse2_iin) == iin)
        )
    ).all()
    divorces = session.exec(
        select(DivorceRecord).where(
            or_(col(DivorceRecord.spouse1_iin) == iin, col(DivorceRecord.spouse2_iin) == iin)
        )
    ).all()
    names = session.exec(select(NameChangeRecord).where(NameChangeRecord.iin == iin)).all()
    death = death_act(session, iin)
    dump = act_json
    return {
        "iin": iin,
        "births": [dump(b) for b in births],
        "marriages": [dump(m) for m in marriages],
        "divorces": [dump(d) for d in divorces],
        "name_changes": [dump(n) for n in names],
        "death": dump(death) if death is not None else None,
    }
