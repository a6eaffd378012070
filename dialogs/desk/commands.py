"""What an agent can do in a ticket's topic, by command or by a button on the card:
claim, note, canned reply, priority, tag, resolve, reopen, ban, unban, alias; and /find
anywhere in the group. Every answer goes to where the agent acted; only /reply and
/resolve's message reach the user."""

from __future__ import annotations

from dialogs.actions import (
    Action,
    AnswerButton,
    ChangeTicket,
    Send,
    SetAlias,
    SetBan,
    SetDuty,
    UserChat,
)
from dialogs.content import Content
from dialogs.desk.card import category_title
from dialogs.desk.rating import resolved_view
from dialogs.desk.reminders import mentions
from dialogs.desk.stats_view import stats_answer
from dialogs.events import Inbound
from dialogs.kb.actions import KbOutcome, RecordKb
from dialogs.kb.library import KnowledgeBase
from dialogs.kb.views import article_view
from dialogs.ports.desk import DeskLookup, DeskTicket
from dialogs.ports.stats import DeskStatsPort
from dialogs.tickets.priority import TicketPriority
from dialogs.tickets.status import DONE, TicketStatus, agents_turn, can_move
from dialogs.views import ButtonView, Label, Literal, Text, View

BUTTON_PREFIX = "d"  # card buttons: d:<action>:<public id>[:<arg>]
FIND_SHOWN = 10
KB_QUESTION_SHOWN = 200


def card_buttons(public_id: str, order: bool = False) -> tuple[tuple[ButtonView, ...], ...]:
    """The card's buttons: Claim, Priority, Resolve; and Refresh for its order, if any."""
    row = (
        ButtonView(Text.of("desk-button-claim"), f"{BUTTON_PREFIX}:c:{public_id}"),
        ButtonView(Text.of("desk-button-priority"), f"{BUTTON_PREFIX}:p:{public_id}"),
        ButtonView(Text.of("desk-button-resolve"), f"{BUTTON_PREFIX}:r:{public_id}"),
    )
    if not order:
        return (row,)
    refresh = ButtonView(Text.of("desk-button-refresh-order"), f"{BUTTON_PREFIX}:o:{public_id}")
    return (row, (refresh,))


def _say(key: str, event: Inbound, **args: object) -> Send:
    return Send(View(parts=(Text.of(key, **args),)), reply_to=event.message_id)


def agent_name(event: Inbound) -> str:
    return event.first_name or (f"@{event.username}" if event.username else str(event.user_id))


class DeskCommands:
    """Turns an agent's command or card button into Actions."""

    def __init__(
        self,
        content: Content,
        lookup: DeskLookup,
        locale: str,
        stats: DeskStatsPort | None = None,
        kb: KnowledgeBase | None = None,
    ) -> None:
        """``locale``: the desk's language, for operators' texts (category titles);
        ``stats``: the desk's figures, for /stats; ``kb``: the articles /reply can send."""
        self.content = content
        self.lookup = lookup
        self.locale = locale
        self.stats = stats
        self.kb = kb

    async def group_command(self, event: Inbound) -> list[Action] | None:
        """/find, /alias and /help work anywhere in the group; None for other commands."""
        args = (event.command_args or "").strip()
        match event.command:
            case "find":
                return await self._find(event, args)
            case "alias":
                alias = args[:64] or None
                key = "desk-alias-set" if alias else "desk-alias-cleared"
                return [SetAlias(event.user_id, alias), _say(key, event, alias=alias or "")]
            case "help":
                return [_say("desk-help", event)]
            case "stats":
                view = await stats_answer(self.stats, args)
                return [Send(view, reply_to=event.message_id)]
            case "duty":
                return await self._duty(event)
            case "kb" if self.kb is not None:
                return [self._kb_search(event, args)]
            case "kb_reload" if self.kb is not None:
                problems = await self.kb.reload()
                if problems:
                    return [_say("desk-kb-reload-failed", event, problems="\n".join(problems[:5]))]
                return [_say("desk-kb-reloaded", event, count=len(self.kb.index.articles))]
        return None

    def _kb_search(self, event: Inbound, question: str) -> Send:
        """/kb QUESTION: the articles search finds, with the ids /reply takes."""
        if self.kb is None or not question:
            return _say("desk-kb-usage", event)
        question = question[:KB_QUESTION_SHOWN]  # echoed back: the answer stays in one message
        hits = self.kb.index.search(question, limit=self.kb.policy.shown)
        if not hits:
            return _say("desk-kb-none", event, question=question)
        lines: list[Label] = [Text.of("desk-kb-title", question=question)]
        for rank, hit in enumerate(hits, 1):
            title = hit.article.title.get(self.locale)
            weak = "yes" if hit.score < self.kb.policy.min_score else "no"  # users don't see it
            score = f"{hit.score:.2f}"
            line = Text.of("desk-kb-line", rank=rank, id=hit.article.id, title=title, score=score,
                           weak=weak)  # fmt: skip
            lines.append(line)
        return Send(View(parts=tuple(lines), separator="\n"), reply_to=event.message_id)

    async def _duty(self, event: Inbound) -> list[Action]:
        """/duty toggles the agent's own duty, and says who is on duty now."""
        duty = await self.lookup.on_duty()
        on = all(agent_id != event.user_id for agent_id, _ in duty)
        name = agent_name(event)
        if not on:
            return [SetDuty(event.user_id, False, name), _say("desk-duty-off", event)]
        now = [*duty, (event.user_id, name)]
        return [
            SetDuty(event.user_id, True, name),
            _say("desk-duty-on", event, agents=mentions(now)),
        ]

    async def topic_command(self, event: Inbound, ticket: DeskTicket) -> list[Action]:
        args = (event.command_args or "").strip()
        change = self._change
        match event.command:
            case "claim":
                return [
                    change(event, ticket, claim=True),
                    _say("desk-claimed", event, agent=agent_name(event)),
                ]
            case "note":
                if not args:
                    return [_say("desk-note-empty", event)]
                return [change(event, ticket, note=args), _say("desk-note-kept", event)]
            case "reply":
                return self._macro(event, ticket, args)
            case "priority":
                return self._priority(event, ticket, args)
            case "tag":
                tags = tuple(t.lstrip("#")[:32].lower() for t in args.split() if t.lstrip("#"))
                if not tags:
                    return [_say("desk-tag-empty", event)]
                return [
                    change(event, ticket, add_tags=tags),
                    _say("desk-tagged", event, tags=" ".join(tags)),
                ]
            case "resolve":
                effects, said = self._resolve(event, ticket, args)
                return [*effects, Send(View(parts=(said,)), reply_to=event.message_id)]
            case "reopen":
                if ticket.status not in DONE or not can_move(ticket.status, TicketStatus.OPEN):
                    return [_say("desk-cannot", event, status=_status(ticket))]
                return [
                    change(event, ticket, status=agents_turn(ticket.claimed)),
                    _say("desk-reopened", event),
                ]
            case "ban":
                return [
                    SetBan(ticket.user_id, reason=args or None, by=event.user_id),
                    _say("desk-banned", event),
                ]
            case "unban":
                return [SetBan(ticket.user_id, banned=False), _say("desk-unbanned", event)]
        return [_say("desk-unknown-command", event)]

    def button(self, event: Inbound, ticket: DeskTicket, action: str, arg: str) -> list[Action]:
        """A card button (its ticket checked by the caller)."""
        match action:
            case "c":
                notice = Text.of("desk-claimed", agent=agent_name(event))
                return [AnswerButton(notice), self._change(event, ticket, claim=True)]
            case "p" if not arg:
                choose = tuple(
                    ButtonView(
                        Text.of("priority-" + level),
                        f"{BUTTON_PREFIX}:p:{ticket.public_id}:{level}",
                    )
                    for level in TicketPriority
                )
                view = View(parts=(Text.of("desk-choose-priority"),), buttons=(choose,))
                return [AnswerButton(), Send(view)]
            case "p" if arg in TicketPriority.__members__.values():
                level = TicketPriority(arg)
                notice = Text.of("desk-priority-set", priority=Text.of("priority-" + level))
                change = self._change(event, ticket, priority=level, priority_reason=None)
                return [AnswerButton(notice), change]
            case "r":
                effects, said = self._resolve(event, ticket, "")
                return [AnswerButton(said), *effects]
        return [AnswerButton(Text.of("desk-button-expired"))]

    @staticmethod
    def _change(event: Inbound, ticket: DeskTicket, **what: object) -> ChangeTicket:
        return ChangeTicket(
            ticket.public_id,
            event.user_id,
            actor_name=agent_name(event),
            **what,  # type: ignore[arg-type]
        )

    def _macro(self, event: Inbound, ticket: DeskTicket, name: str) -> list[Action]:
        """/reply NAME: a canned reply of desk.yaml, else the knowledge base's article NAME,
        in the user's language."""
        macro = self.content.desk.macros.get(name.strip().lower())
        article = self.kb.article(name.strip().lower()) if self.kb is not None else None
        if macro is None and article is not None:
            to = UserChat(ticket.user_id, ticket.public_id)
            title = article.title.get(self.locale)
            return [
                Send(article_view(article, ticket.user_language), to=to),
                RecordKb(KbOutcome.SENT, article.id),
                _say("desk-kb-sent", event, id=article.id, title=title),
            ]
        if macro is None:
            known = ", ".join(sorted(self.content.desk.macros)) or "—"
            return [_say("desk-macro-unknown", event, name=name or "?", known=known)]
        text = macro.get(ticket.user_language)
        return [
            Send(View(parts=(Literal(text),)), to=UserChat(ticket.user_id, ticket.public_id)),
            _say("desk-macro-sent", event, name=name, text=text),
        ]

    def _priority(self, event: Inbound, ticket: DeskTicket, arg: str) -> list[Action]:
        level = arg.strip().lower()
        if level not in TicketPriority.__members__.values():
            return [_say("desk-priority-usage", event)]
        change = self._change(event, ticket, priority=TicketPriority(level), priority_reason=None)
        return [change, _say("desk-priority-set", event, priority=Text.of("priority-" + level))]

    def _resolve(
        self, event: Inbound, ticket: DeskTicket, message: str
    ) -> tuple[list[Action], Text]:
        """The resolution's effects (the user told, with the agent's message if any) and
        what the agent is told."""
        if not can_move(ticket.status, TicketStatus.RESOLVED):
            return [], Text.of("desk-cannot", status=_status(ticket))
        told: Label = (
            Text.of("ticket-resolved-with", id=ticket.public_id, message=Literal(message))
            if message
            else Text.of("ticket-resolved", id=ticket.public_id)
        )
        effects: list[Action] = [
            self._change(event, ticket, status=TicketStatus.RESOLVED),
            Send(
                resolved_view(told, ticket.public_id), to=UserChat(ticket.user_id, ticket.public_id)
            ),
        ]
        return effects, Text.of("desk-resolved", id=ticket.public_id)

    async def _find(self, event: Inbound, query: str) -> list[Action]:
        if not query:
            return [_say("desk-find-usage", event)]
        found = await self.lookup.find(query)
        if not found:
            return [_say("desk-find-none", event, query=query)]
        lines: list[Label] = [Text.of("desk-find-title", query=query)]
        for t in found[:FIND_SHOWN]:
            title = category_title(self.content, t.category, self.locale)
            where = (
                f"https://t.me/c/{_internal(event.chat_id)}/{t.thread_id}" if t.thread_id else ""
            )
            lines.append(
                Text.of(
                    "desk-find-line",
                    id=t.public_id,
                    category=title,
                    status=Text.of("ticket-status-" + t.status),
                    link=where,
                )
            )
        return [Send(View(parts=tuple(lines), separator="\n"), reply_to=event.message_id)]


def _status(ticket: DeskTicket) -> Text:
    return Text.of("ticket-status-" + ticket.status)


def _internal(chat_id: int) -> int:
    """A supergroup's id as t.me/c/ links write it (without the -100 prefix)."""
    return -chat_id - 1_000_000_000_000 if chat_id < -1_000_000_000_000 else abs(chat_id)
