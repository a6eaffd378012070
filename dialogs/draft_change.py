"""How a step's change of the user's draft goes among its actions (dialogs.router)."""

from __future__ import annotations

from dialogs.actions import Action, DropDraft, FileTicket, KeepDraft, SetLanguage
from dialogs.report.draft import Draft


def with_draft(actions: list[Action], before: Draft | None, after: Draft | None) -> list[Action]:
    """The step's actions with the draft's change among them: after the domain effects (a
    ticket filed fails before its draft is dropped, so nothing is lost), before any message
    (no question is asked whose answer would find the draft unchanged)."""
    if after is not None:
        change: Action = KeepDraft(after.to_json())
    elif before is not None:
        change = DropDraft()
    else:
        return actions
    effects = [i + 1 for i, a in enumerate(actions) if isinstance(a, FileTicket | SetLanguage)]
    at = max(effects, default=0)
    return [*actions[:at], change, *actions[at:]]
