"""Where orders meet the user's conversation: /order, the buttons of order messages, a
challenge under way (it takes the user's next messages until it ends), and a report's
order and payment-channel answers: looked up, or the channel's trouble said, in the
report's next question (one message: the report is never held up by an order)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dialogs.actions import Action, AnswerButton, Send
from dialogs.events import Inbound, Kind
from dialogs.orders.actions import KeepCheck
from dialogs.orders.asking import NUMBER, OrderAsking, Outcome
from dialogs.orders.views import CHECK_PREFIX, SHOW_PREFIX, SKIP, WATCH_PREFIX, say
from dialogs.report.draft import CHOOSE, SNAPSHOT, Draft
from dialogs.report.engine import ReportEngine, Step
from dialogs.user import menu
from dialogs.views import ButtonView, View


class OrderRoute:
    """The order parts of the user's routing (dialogs.router asks it at each turn)."""

    def __init__(
        self, asking: OrderAsking, report: ReportEngine, example: str, channel_field: str
    ) -> None:
        """``example``: an order number as the content's form shows one (for /order's
        usage); ``channel_field``: the forms' payment-channel field (desk.yaml's tags
        name it: its choices are the order system's channel ids)."""
        self.asking = asking
        self.report = report
        self.example = example
        self.channel_field = channel_field

    async def challenge(
        self, event: Inbound, draft: Draft | None, locale: str, menu: View
    ) -> tuple[Step | None, list[Action]]:
        """The user's challenge under way takes a message, Skip or /cancel (the Step);
        any other command or button gives it up (the actions that drop it, for the
        router to put first as it goes on). Once it ends, the report under way asks its
        question again (a deep link's menu shows again)."""
        if event.kind is Kind.EDITED:
            return None, []
        check = await self.asking.pending(event.user_id)
        if check is None:
            return None, []
        if event.kind is Kind.MESSAGE:
            outcome = await self.asking.answer(event, check)
        elif event.button_data == SKIP or event.command == "cancel":
            outcome = self.asking.skip(check)
            if event.kind is Kind.BUTTON:
                outcome.actions.insert(0, AnswerButton())
        else:
            return None, [KeepCheck(None)]
        actions = list(outcome.actions)
        if draft is not None and outcome.snapshot is not None:
            kept = draft.answers.get(SNAPSHOT)
            if isinstance(kept, dict) and kept.get("number") == check.number:
                draft.answers[SNAPSHOT] = outcome.snapshot  # the card says it is theirs
        if outcome.asking or draft is None:
            return Step(draft, actions), []
        if draft.category and draft.step != CHOOSE:
            again = self.report.again(draft, locale)
            return Step(again.draft, [*actions, *again.actions]), []
        return Step(draft, [*actions, Send(menu)]), []

    async def command(self, event: Inbound, draft: Draft | None) -> Step:
        number = (event.command_args or "").strip()
        if not number:
            outcome = await self.asking.recent(event.user_id, self.example)
        elif not NUMBER.fullmatch(number):
            outcome = Outcome([Send(say("order-bad-number", example=self.example))])
        else:
            outcome = await self.asking.look_up(event.user_id, number)
        return Step(draft, outcome.actions)

    async def deep_link(self, event: Inbound, draft: Draft, then: list[Action]) -> Step:
        """``?start=order_<number>``: the order looked up first (its snapshot kept for the
        report the link opens), leading ``then`` (the menu)."""
        number = str(draft.answers.get("~order", ""))
        # As in a report (the link opens one): the check offered, the menu in one message.
        outcome = await self.asking.look_up(event.user_id, number, in_report=True)
        if outcome.snapshot is not None:
            draft.answers[SNAPSHOT] = outcome.snapshot
        return Step(draft, _leading(outcome.actions, then))

    async def button(self, event: Inbound, draft: Draft | None) -> Step:
        """ "Tell me when it recovers", one of the user's recent orders, or a report's
        offer of the challenge taken."""
        data = event.button_data or ""
        if data.startswith(WATCH_PREFIX):
            return Step(draft, await self.asking.watch(data.removeprefix(WATCH_PREFIX)))
        number = data.removeprefix(SHOW_PREFIX).removeprefix(CHECK_PREFIX)
        if data.startswith((SHOW_PREFIX, CHECK_PREFIX)) and NUMBER.fullmatch(number):
            outcome = await self.asking.look_up(event.user_id, number)
            return Step(draft, [AnswerButton(), *outcome.actions])
        return None

    async def in_report(
        self, event: Inbound, asked: str, before: Any, step: Step, locale: str
    ) -> Step:
        """After the report took an answer to field ``asked`` (``before``: its answer
        until now): an order number is looked up, a payment channel's trouble said; what
        there is to say leads the report's next question, in the same message."""
        draft = step.draft
        if draft is None or event.kind is Kind.EDITED:
            return step
        field = self.report.field(draft, asked)
        value = draft.answers.get(asked)
        if field is None or value is None or value == before:
            return step
        if str(field.kind) == "order":
            outcome = await self.asking.look_up(event.user_id, str(value), in_report=True)
            if outcome.snapshot is not None:
                draft.answers[SNAPSHOT] = outcome.snapshot
            said = outcome.actions
        elif field.id == self.channel_field:
            said = await self.asking.channel_notice(str(value))
        else:
            return step
        return Step(draft, _leading(said, step.actions))


def _leading(said: list[Action], actions: list[Action]) -> list[Action]:
    """``said``'s messages put at the head of the step's first message (its question),
    their buttons after the question's; the other actions kept, in order."""
    views = [a.view for a in said if isinstance(a, Send)]
    rest = [a for a in said if not isinstance(a, Send)]
    at = next((i for i, a in enumerate(actions) if isinstance(a, Send)), None)
    if at is None or not views:
        return [*rest, *actions, *(Send(v) for v in views)]
    question = actions[at]
    assert isinstance(question, Send)
    parts = tuple(p for v in views for p in v.parts)
    buttons = tuple(row for v in views for row in v.buttons)
    own = question.view.buttons
    # Under the question's own buttons (its choices keep their places), above "Talk to a
    # person", which stays last.
    last = own[-1:] if own and _is_person(own[-1]) else ()
    merged = replace(
        question.view,
        parts=(*parts, *question.view.parts),
        buttons=(*own[: len(own) - len(last)], *buttons, *last),
    )
    return [*rest, *actions[:at], replace(question, view=merged), *actions[at + 1 :]]


def _is_person(row: tuple[ButtonView, ...]) -> bool:
    return len(row) == 1 and row[0].data == menu.HUMAN
