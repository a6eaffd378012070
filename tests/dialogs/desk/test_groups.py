"""Several agents' groups: routing by category then language, moves followed (never in a
loop), and desk.yaml's groups validated with the file and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogs.content import ContentError, load_content, shipped_dir
from dialogs.desk.groups import DeskGroup, group_for, moved
from tests.dialogs.content.test_desk_content import folder_with

PAYMENTS = DeskGroup(chat_id=-102, categories=("recharge", "withdrawal"))
ENGLISH = DeskGroup(chat_id=-103, languages=("en",))
SHIPPED = (shipped_dir() / "desk.yaml").read_text(encoding="utf-8")


def test_a_category_wins_over_a_language_and_the_rest_goes_to_the_default() -> None:
    groups = (ENGLISH, PAYMENTS)
    assert group_for(groups, "recharge", "en", -101) == -102
    assert group_for(groups, "account_login", "en", -101) == -103
    assert group_for(groups, "account_login", "zh-Hans", -101) == -101
    assert group_for((), "recharge", "en", None) is None


def test_moves_are_followed_to_the_end_and_a_loop_stops() -> None:
    assert moved(-101, {}) == -101
    assert moved(-101, {-101: -102, -102: -103}) == -103
    assert moved(-101, {-101: -102, -102: -101}) in (-101, -102), "a loop ends, somewhere"


@pytest.mark.parametrize(
    ("groups", "reason"),
    [
        ("  - chat_id: -102\n    categories: [nonsense]\n", "'nonsense' is not a category"),
        ("  - chat_id: -102\n    languages: [fr]\n", "unknown language 'fr'"),
        ("  - chat_id: -102\n", "needs categories or languages"),
        ("  - chat_id: 102\n    languages: [en]\n", "less than 0"),
        (
            "  - chat_id: -102\n    languages: [en]\n  - chat_id: -102\n    languages: [zh-Hans]\n",
            "listed twice",
        ),
    ],
)
def test_a_bad_group_is_named_with_its_reason(tmp_path: Path, groups: str, reason: str) -> None:
    with pytest.raises(ContentError) as caught:
        load_content(folder_with(tmp_path, SHIPPED + "groups:\n" + groups))
    assert reason in str(caught.value)
    assert "desk.yaml" in str(caught.value)


def test_the_commented_example_loads(tmp_path: Path) -> None:
    start = SHIPPED.index("#     groups:")
    example = "\n".join(line.removeprefix("#     ") for line in SHIPPED[start:].splitlines())
    desk = load_content(folder_with(tmp_path, SHIPPED + example + "\n")).desk
    assert [g.chat_id for g in desk.groups] == [-1001000000002, -1001000000003]
