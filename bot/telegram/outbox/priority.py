"""Who goes first when several messages are ready to leave.

:class:`Priority` orders chats (lanes) against each other. :class:`Band` orders the work
*within* one chat, and matters only where one chat carries many independent streams: the
agents' group, where every ticket's topic is its own stream but all of them share the
group's 20 messages a minute (see ``lanes.py``).
"""

from __future__ import annotations

from enum import IntEnum


class Priority(IntEnum):
    """Lower value leaves first.

    A user waiting on the screen for the answer to their own tap or message matters most;
    agents working the desk next; notices (reminders, status changes) after that; broadcasts
    only take the budget nobody else wants.
    """

    ANSWER = 0
    DESK = 1
    NOTICE = 2
    BROADCAST = 3


class Band(IntEnum):
    """How a chat's own budget is spent among its streams; lower value is spent first.

    For the agents' group: what opens a new urgent ticket (its topic and card), then other
    new tickets' topics and cards, then users' messages relayed into topics (and answers to
    agents' own commands), then kefu's own words there (card edits, topic renames,
    reminders, notices). A stream's items never overtake each other whatever their band:
    a band only chooses *which stream* goes next. A private chat is one stream, so there a
    band changes nothing.
    """

    OPEN_URGENT = 0
    OPEN = 1
    RELAY = 2
    KEFU = 3
