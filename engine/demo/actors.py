"""Simulated citizens and agency officials for the embedded demo, so that a demo shows the
whole journey: citizens answer their offers by SMS in their own language (most say yes, some
no, some never answer and the offer expires), and officials work their agencies' queues (most
steps done within the SLA, a few refused with a reason). Off with ``--no-scenario``, when tasks
wait for a real official."""

from __future__ import annotations

import logging
import random
from datetime import timedelta

from sqlmodel import Session, col, select

from engine.db import transaction
from engine.demo.stories import DemoSwitch
from engine.fulfilment.service import aware, claim_task, close_task
from engine.inbox.models import InboxItem
from engine.pipeline.models import Task
from engine.services import Services
from engine.sms.service import handle_inbound

log = logging.getLogger("engine.demo.actors")

YES = {"kk": "Иә", "ru": "Да", "en": "Yes"}
NO = {"kk": "Жоқ", "ru": "Нет", "en": "No"}
REFUSALS = (
    "the bank account on file is closed",
    "the documents of the family do not match the register",
)
ANSWER_AFTER = timedelta(seconds=20)  # simulated time before a citizen looks at the phone
WORK_AFTER = timedelta(seconds=15)


class DemoActors:
    def __init__(self, services: Services, seed: int, switch: DemoSwitch | None = None) -> None:
        self.services = services
        self.random = random.Random(seed)
        self.switch = switch or DemoSwitch()
        self._ignored: set[int] = set()

    async def tick(self) -> None:
        if self.switch.paused.is_set():
            return
        await self.citizens_answer()
        self.officials_work()

    async def citizens_answer(self) -> None:
        now = self.services.clock.now()
        with Session(self.services.db) as session:
            offers = session.exec(
                select(InboxItem)
                .where(
                    InboxItem.status == "offered", col(InboxItem.created_at) <= now - ANSWER_AFTER
                )
                .order_by(col(InboxItem.id))
                .limit(20)
            ).all()
        answered: set[str] = set()
        for offer in offers:
            assert offer.id is not None
            if offer.id in self._ignored or offer.citizen_iin in answered:
                continue
            if offer.citizen_iin in self.switch.presenter_citizens:
                continue  # the presenter answers from this citizen's phone
            roll = self.random.random()
            if roll < 0.1:
                self._ignored.add(offer.id)  # this citizen never answers: the offer will expire
                continue
            lang = self._language(offer)
            text = (YES if roll < 0.9 else NO)[lang]
            await handle_inbound(self.services, offer.citizen_iin, text)
            answered.add(offer.citizen_iin)

    def _language(self, item: InboxItem) -> str:
        """Replies come in Kazakh, Russian and sometimes English, as in life."""
        return self.random.choices(("kk", "ru", "en"), weights=(55, 40, 5))[0]

    def officials_work(self) -> None:
        """A simulated official of the task's agency takes it, and finishes it a little later
        (the journey shows both moments)."""
        now = self.services.clock.now()
        with transaction(self.services.db) as session:
            tasks = session.exec(
                select(Task)
                .where(Task.status == "open", col(Task.opened_at) <= now - WORK_AFTER)
                .order_by(col(Task.id))
                .limit(20)
            ).all()
            for task in tasks:
                assert task.id is not None
                official = f"simulated:{task.agency}"
                if task.claimed_by is None:
                    claim_task(session, task.id, task.agency, official, now)
                    continue
                claimed = task.claimed_at
                if claimed is not None and aware(claimed) > now - WORK_AFTER:
                    continue
                if self.random.random() < 0.04:
                    reason = self.random.choice(REFUSALS)
                    close_task(session, task.id, task.agency, "rejected", reason, now, official)
                else:
                    close_task(session, task.id, task.agency, "done", None, now, official)
