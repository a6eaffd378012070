"""Every locale has every key; every key the code uses exists; language mapping is right."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.app.i18n import Translator, locale_for
from bot.config import LOCALES
from dialogs.tickets.status import TicketStatus

ROOT = Path(__file__).resolve().parents[2]
# Calls that take a message key as a string literal, and at which position.
KEY_CALLS = {"t": 1, "Text": 0, "Text.of": 0}


def _call_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        if isinstance(func.value, ast.Name) and func.value.id == "Text":
            return f"Text.{func.attr}"
        return func.attr
    return None


def keys_used_in_code() -> dict[str, str]:
    used: dict[str, str] = {}
    for folder in ("bot", "dialogs", "integrations"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                pos = KEY_CALLS.get(_call_name(node.func) or "")
                if pos is None or len(node.args) <= pos:
                    continue
                arg = node.args[pos]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    used[arg.value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return used


@pytest.fixture(scope="module")
def translator() -> Translator:
    return Translator()


def test_locale_files_parse_and_have_the_same_keys(translator: Translator) -> None:
    assert translator.check() == []
    assert translator.keys("en")


def test_every_key_used_in_code_exists_in_every_locale(translator: Translator) -> None:
    used = keys_used_in_code()
    # The scanner must see keys named through Text.of(...), the way the dialogs name them.
    assert {"report-submit", "menu-my-tickets", "menu-title"} <= used.keys()
    missing = [
        f"{key} (used at {where}) missing in {locale}"
        for key, where in sorted(used.items())
        for locale in LOCALES
        if key not in translator.keys(locale)
    ]
    assert missing == []


def test_every_ticket_status_has_a_label(translator: Translator) -> None:
    for locale in LOCALES:
        for status in TicketStatus:
            assert f"ticket-status-{status.value}" in translator.keys(locale)


def test_check_reports_a_missing_key(tmp_path: Path) -> None:
    for locale in LOCALES:
        (tmp_path / locale).mkdir()
        text = "hello = Hello\n" + ("bye = Bye\n" if locale != "zh-Hant" else "")
        (tmp_path / locale / "kefu.ftl").write_text(text, encoding="utf-8")
    problems = [str(p) for p in Translator(tmp_path).check()]
    assert problems == ["locales/zh-Hant: missing key bye"]


def test_check_reports_a_syntax_error(tmp_path: Path) -> None:
    for locale in LOCALES:
        (tmp_path / locale).mkdir()
        (tmp_path / locale / "kefu.ftl").write_text("hello = Hello\n", encoding="utf-8")
    (tmp_path / "en" / "kefu.ftl").write_text("hello = Hello\n!!broken\n", encoding="utf-8")
    problems = [str(p) for p in Translator(tmp_path).check()]
    assert len(problems) == 1 and "cannot parse" in problems[0] and "locales/en" in problems[0]


def test_arguments_are_escaped_for_html(translator: Translator) -> None:
    text = translator.t("en", "start-greeting", name="<3 & <b>")
    assert "&lt;3 &amp; &lt;b&gt;" in text and "<b>" not in text


def test_missing_key_falls_back_to_english(tmp_path: Path) -> None:
    for locale in LOCALES:
        (tmp_path / locale).mkdir()
        text = "only-en = Only English\n" if locale == "en" else ""
        (tmp_path / locale / "kefu.ftl").write_text(text, encoding="utf-8")
    assert Translator(tmp_path).t("zh-Hans", "only-en") == "Only English"


@pytest.mark.parametrize(
    ("code", "locale"),
    [
        ("zh", "zh-Hans"),
        ("zh-cn", "zh-Hans"),
        ("zh-CN", "zh-Hans"),
        ("zh-hans", "zh-Hans"),
        ("zh-sg", "zh-Hans"),
        ("zh-tw", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("zh-mo", "zh-Hant"),
        ("zh-hant", "zh-Hant"),
        ("en", "en"),
        ("en-GB", "en"),
        ("ru", "en"),
        (None, "en"),
        ("", "en"),
    ],
)
def test_language_code_mapping(code: str | None, locale: str) -> None:
    assert locale_for(code) == locale


def test_unknown_language_uses_the_configured_default() -> None:
    assert locale_for("ru", default="zh-Hant") == "zh-Hant"
    assert locale_for("zh-tw", default="en") == "zh-Hant"


def test_every_locale_has_the_same_files_one_per_feature() -> None:
    names = {
        locale: sorted(p.name for p in (ROOT / "locales" / locale).glob("*.ftl"))
        for locale in LOCALES
    }
    assert names["en"] == [
        "desk.ftl",
        "desk_budget.ftl",
        "desk_clock.ftl",
        "desk_spam.ftl",
        "desk_stats.ftl",
        "errors.ftl",
        "help.ftl",
        "kb.ftl",
        "maintenance.ftl",
        "menu.ftl",
        "notices.ftl",
        "orders.ftl",
        "report.ftl",
        "tickets.ftl",
    ]
    assert all(found == names["en"] for found in names.values()), names


def test_check_reports_a_key_defined_in_two_files(tmp_path: Path) -> None:
    for locale in LOCALES:
        (tmp_path / locale).mkdir()
        (tmp_path / locale / "menu.ftl").write_text("hello = Hello\n", encoding="utf-8")
    (tmp_path / "en" / "report.ftl").write_text("hello = Hi again\n", encoding="utf-8")
    problems = [str(p) for p in Translator(tmp_path).check()]
    assert problems == ["locales/en: report.ftl: hello defined twice"]
