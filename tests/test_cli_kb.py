"""`kefu kb search` as an operator trying their kb.yaml meets it, and kb.yaml as `kefu check`
and `kefu content init` treat it: lines to read or parse, problems by file, line and reason.

In-process (typer's CliRunner): no Python start-up per call, and the index is built once."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

from bot.cli import app
from dialogs.content import CONTENT_FILES, shipped_dir

HIT = re.compile(r"^(\d) (\S+) (\S+) (\d+\.\d\d)$")
NOTHING_REACHES = "nothing reaches 2.5 (KEFU_KB_MIN_SCORE)"


@pytest.fixture(autouse=True)
def operator_shell(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """kefu as started from an empty folder (no .env) with no KEFU_ variable set."""
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith("KEFU_")]:
        monkeypatch.delenv(name)


def kefu(*args: str, **env: str) -> Result:
    return CliRunner().invoke(app, list(args), env=env, prog_name="kefu")


def hits(result: Result) -> list[tuple[int, str, str, float]]:
    """The printed lines, each checked against `rank article_id category_id score`."""
    assert result.exit_code == 0, result.output
    found = []
    for line in result.stdout.splitlines():
        match = HIT.match(line)
        assert match, line
        rank, article, category, score = match.groups()
        found.append((int(rank), article, category, float(score)))
    return found


def test_a_recharge_question_finds_three_recharge_answers_best_first() -> None:
    found = hits(kefu("kb", "search", "充值没到账怎么办", "--locale", "zh-Hans"))
    assert [rank for rank, *_ in found] == [1, 2, 3]
    assert found[0][2] == "recharge"
    scores = [score for *_, score in found]
    assert scores == sorted(scores, reverse=True) and scores[0] >= 2.5


@pytest.mark.parametrize(
    ("question", "locale"),
    [("儲值沒入帳", "zh-Hant"), ("my top up has not arrived", "en"), ("充值没到账", "zh-Hans")],
)
def test_each_language_finds_the_recharge_answers(question: str, locale: str) -> None:
    result = kefu("kb", "search", question, "--locale", locale)
    (rank, _, category, score), *_ = hits(result)
    assert (rank, category) == (1, "recharge") and score >= 2.5
    assert NOTHING_REACHES not in result.stderr


def test_limit_sets_how_many_lines() -> None:
    found = hits(kefu("kb", "search", "充值没到账怎么办", "--locale", "zh-Hans", "--limit", "5"))
    assert [rank for rank, *_ in found] == [1, 2, 3, 4, 5]
    assert len({article for _, article, _, _ in found}) == 5


def test_a_question_out_of_scope_says_nothing_reaches_the_threshold() -> None:
    result = kefu("kb", "search", "what is the capital of France")
    assert all(score < 2.5 for *_, score in hits(result))
    assert NOTHING_REACHES in result.stderr


def test_the_threshold_is_the_configured_one() -> None:
    result = kefu("kb", "search", "充值没到账怎么办", KEFU_KB_MIN_SCORE="50")
    assert len(hits(result)) == 3  # still shown, so the operator sees how far off they are
    assert "nothing reaches 50.0 (KEFU_KB_MIN_SCORE)" in result.stderr


def test_a_locale_kefu_does_not_speak_is_refused() -> None:
    result = kefu("kb", "search", "où est ma recharge", "--locale", "fr")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "kefu: --locale must be one of en, zh-Hans, zh-Hant, not 'fr'"
    ]


# Appended to a copy of the shipped kb.yaml cut after its first
# article: a whole one takes a second to read (check) and read again (search).
BAD_CATEGORY = """\
  - id: test_bad_category
    category: nowhere
    title: {en: Test, zh-Hans: 测试, zh-Hant: 測試}
    questions: {en: [test], zh-Hans: [测试], zh-Hant: [測試]}
    answer: {en: Fine, zh-Hans: 好, zh-Hant: 好}
"""
PARAGRAPH = """\
  - id: test_paragraph
    category: recharge
    title: {en: Test, zh-Hans: 测试, zh-Hant: 測試}
    questions: {en: [test], zh-Hans: [测试], zh-Hant: [測試]}
    answer:
      en: <p>Not Telegram HTML</p>
      zh-Hans: 好
      zh-Hant: 好
"""


def broken_copy(tmp_path: Path, *articles: str) -> tuple[Path, list[str]]:
    """A copy of the shipped content whose kb.yaml has its first article, then ``articles``;
    the problems expected of each, as `path:line: location: reason`."""
    folder = tmp_path / "content"
    shutil.copytree(shipped_dir(), folder, ignore=shutil.ignore_patterns("*.py", "__*"))
    path = folder / "kb.yaml"
    whole = path.read_text(encoding="utf-8")
    second = whole.index("\n  - id: ", whole.index("\n  - id: ") + 1) + 1
    text = whole[:second]
    shipped = len(yaml.safe_load(text)["articles"])
    assert shipped == 1
    expected = []
    for i, article in enumerate(articles):
        first = text.count("\n") + 1  # the line of the article's `- id:`
        text += article
        n = shipped + i
        if "nowhere" in article:
            line = first + 1
            reason = "'nowhere' is not a category of categories.yaml"
            expected.append(f"{path}:{line}: articles.{n}.category: {reason}")
        if "<p>" in article:
            line = first + 5  # the line of `en:` under `answer:`
            reason = "not valid Telegram HTML: <p> is not a tag Telegram allows"
            expected.append(f"{path}:{line}: articles.{n}.answer.en: {reason}")
    path.write_text(text, encoding="utf-8")
    return folder, expected


def kb_problems(stderr: str) -> list[str]:
    return [line.removeprefix("problem: ") for line in stderr.splitlines() if "kb.yaml" in line]


@pytest.mark.parametrize(
    "articles",
    [
        pytest.param((BAD_CATEGORY,), id="unknown-category"),
        pytest.param((PARAGRAPH,), id="not-telegram-html"),
        pytest.param((BAD_CATEGORY, PARAGRAPH), id="both"),
    ],
)
def test_check_and_search_name_each_problem_of_kb_yaml(
    tmp_path: Path, articles: tuple[str, ...]
) -> None:
    folder, expected = broken_copy(tmp_path, *articles)
    env = {"KEFU_CONTENT_DIR": str(folder)}
    # No token: check names that too, and still reads every file.
    checked = kefu("check", **env)
    assert checked.exit_code == 1
    assert all(line.startswith("problem: ") for line in checked.stderr.splitlines())
    assert kb_problems(checked.stderr) == expected
    assert "fine" not in checked.stdout

    searched = kefu("kb", "search", "充值没到账", **env)
    assert searched.exit_code == 2 and searched.stdout == ""
    assert searched.stderr.splitlines() == [f"problem: {p}" for p in expected]


def test_content_init_copies_kb_yaml_and_the_copy_validates(tmp_path: Path) -> None:
    made = kefu("content", "init", "mine")
    assert made.exit_code == 0, made.output
    assert "kb.yaml" in CONTENT_FILES and "kb.yaml" in made.stdout
    folder = tmp_path / "mine"
    copy = folder / "kb.yaml"
    assert copy.read_bytes() == (shipped_dir() / "kb.yaml").read_bytes()
    # Search reads the copy (so it validates): an edit there shows.
    edited = copy.read_text(encoding="utf-8").replace("id: topup_delay_alipay", "id: mine_alipay")
    copy.write_text(edited, encoding="utf-8")
    found = hits(kefu("kb", "search", "支付宝充值没到账", KEFU_CONTENT_DIR=str(folder)))
    assert found[0][1:3] == ("mine_alipay", "recharge")


def test_a_folder_without_kb_yaml_searches_the_shipped_one(tmp_path: Path) -> None:
    folder = tmp_path / "older"
    folder.mkdir()
    for name in CONTENT_FILES:
        if name != "kb.yaml":
            shutil.copyfile(shipped_dir() / name, folder / name)
    question = ("kb", "search", "my top up has not arrived")
    assert hits(kefu(*question, KEFU_CONTENT_DIR=str(folder))) == hits(kefu(*question))
