"""Operator content: the shipped forms load, and each mistake is named by file, line and reason."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from dialogs.content import (
    CONTENT_FILES,
    KINDS,
    ContentError,
    load_content,
    shipped_dir,
)
from dialogs.languages import LOCALES

TOKEN = "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0"

FIELDS = """\
fields:
  order_no:
    kind: order
    label: {en: Order, zh-Hans: 订单号, zh-Hant: 訂單編號}
    prompt:
      en: Order number?
      zh-Hans: 订单号？
      zh-Hant: 訂單編號？
    pattern: '[A-Z0-9-]{6,32}'
    example: {en: P2024-0001, zh-Hans: P2024-0001, zh-Hant: P2024-0001}
  channel:
    kind: choice
    label: {en: Channel, zh-Hans: 渠道, zh-Hant: 管道}
    prompt:
      en: How did you pay?
      zh-Hans: 怎么支付的？
      zh-Hant: 怎麼付款的？
    choices:
      - id: alipay
        title: {en: Alipay, zh-Hans: 支付宝, zh-Hant: 支付寶}
      - id: other
        title: {en: Other, zh-Hans: 其他, zh-Hant: 其他}
"""

CATEGORIES = """\
categories:
  - id: recharge
    title: {en: Top-up, zh-Hans: 充值, zh-Hant: 儲值}
    form: [order_no, channel]
"""


def write(folder: Path, fields: str = FIELDS, categories: str = CATEGORIES) -> Path:
    (folder / "fields.yaml").write_text(fields, encoding="utf-8")
    (folder / "categories.yaml").write_text(categories, encoding="utf-8")
    return folder


def line_of(text: str, needle: str) -> int:
    """The 1-based line where ``needle`` first occurs: where the problem must point."""
    return text[: text.index(needle)].count("\n") + 1


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    return caught.value.problems


def test_shipped_content_loads_and_every_category_has_a_form() -> None:
    content = load_content()
    assert len(content.categories) == 8
    for category in content.categories:
        form = content.form(category.id)
        assert form, category.id
        assert [f.id for f in form] == category.form
        for field in form:
            assert field.kind in KINDS
            for locale in LOCALES:
                assert field.prompt.get(locale) and field.label.get(locale)
    assert content.category("account_security").urgent
    assert not content.category("recharge").urgent
    assert [f.kind for f in content.form("recharge")] == [
        "order", "choice", "amount", "when", "screenshots"
    ]  # fmt: skip
    channels = [c.id for c in content.fields["payment_channel"].choices or []]
    assert channels == ["alipay", "wechat", "bank_card", "usdt_trc20", "other"]


def test_shipped_kinds_carry_their_defaults() -> None:
    fields = load_content().fields
    assert fields["order_no"].accepts(" P20240521-004817 ")
    assert not fields["order_no"].accepts("not an order!")
    assert fields["when"].max_length == 1000 and fields["when"].pattern is None
    assert fields["screenshots"].max_count == 10 and fields["screenshots"].max_length is None
    assert fields["amount"].currencies == ["CNY", "USD", "USDT"]
    with pytest.raises(KeyError):
        load_content().form("no_such_category")


def test_a_minimal_folder_loads(tmp_path: Path) -> None:
    content = load_content(write(tmp_path))
    assert [f.id for f in content.form("recharge")] == ["order_no", "channel"]


# Each case: the file to change, the text to replace and its replacement, the text on the
# line the problem must name, and what the problem must say.
MISTAKES = {
    "bad yaml syntax": (
        "fields.yaml", "kind: order", "kind: order: twice", "kind: order", "not valid YAML"
    ),
    "unknown key": (
        "fields.yaml", "    kind: choice\n", "    kind: choice\n    colour: red\n", "colour",
        "fields.channel.colour: unknown key",
    ),
    "missing locale text": (
        "fields.yaml", "      zh-Hant: 訂單編號？\n", "", "prompt:",
        "fields.order_no.prompt.zh-Hant: the zh-Hant text is missing",
    ),
    "bad regex": (
        "fields.yaml", "'[A-Z0-9-]{6,32}'", "'[A-Z0-9-{6,32'", "pattern:",
        "fields.order_no.pattern: is not a valid regular expression",
    ),
    "example not matching the pattern": (
        "fields.yaml", "{en: P2024-0001,", "{en: p 1,", "example:",
        "fields.order_no.example.en: example 'p 1' does not match the pattern",
    ),
    "choice field without choices": (
        "fields.yaml", FIELDS[FIELDS.index("    choices:") :], "", "channel:",
        "fields.channel.choices: a choice field needs choices",
    ),
    "option of another kind": (
        "fields.yaml", "    kind: choice\n", "    kind: choice\n    max_count: 3\n", "max_count",
        "fields.channel.max_count: only screenshots fields take max_count",
    ),
    "field defined twice": (
        "fields.yaml", "  channel:\n", "  order_no:  # again\n", "# again",
        "fields.order_no: appears twice",
    ),
    "unknown field id in a form": (
        "categories.yaml", "[order_no, channel]", "[order_no, channl]", "channl",
        "categories.0.form.1: unknown field 'channl' (not in fields.yaml); did you mean 'channel'?",
    ),
    "field twice in a form": (
        "categories.yaml", "[order_no, channel]", "[order_no,\n      order_no]", "      order_no]",
        "categories.0.form.1: field 'order_no' appears twice",
    ),
    "duplicate category id": (
        "categories.yaml", CATEGORIES, CATEGORIES + CATEGORIES[12:].replace("- id: recharge",
        "- id: recharge  # the copy"), "# the copy",
        "categories.1.id: category id 'recharge' appears twice",
    ),
    "empty form": (
        "categories.yaml", "[order_no, channel]", "[]", "form:",
        "categories.0.form: must not be empty",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(MISTAKES), ids=list(MISTAKES))
def test_each_mistake_names_file_line_and_reason(tmp_path: Path, case: str) -> None:
    name, old, new, on_line, says = MISTAKES[case]
    original = FIELDS if name == "fields.yaml" else CATEGORIES
    assert old in original  # the case still edits what it means to
    broken = original.replace(old, new, 1)
    write(tmp_path, **{name.removesuffix(".yaml"): broken})
    problems = problems_of(tmp_path)
    where = f"{tmp_path / name}:{line_of(broken, on_line)}: "
    assert any(p.startswith(where) and says in p for p in problems), problems


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    fields = FIELDS.replace("'[A-Z0-9-]{6,32}'", "'('").replace("      zh-Hans: 订单号？\n", "")
    write(tmp_path, fields, CATEGORIES.replace("channel]", "chanel]"))
    problems = problems_of(tmp_path)
    assert len(problems) == 3, problems
    assert {p.split(": ", 2)[1] for p in problems} == {
        "fields.order_no.pattern", "fields.order_no.prompt.zh-Hans", "categories.0.form.1"
    }  # fmt: skip


def test_a_missing_file_or_folder_is_named(tmp_path: Path) -> None:
    write(tmp_path)
    (tmp_path / "fields.yaml").unlink()
    hint = "(copy the shipped one with `kefu content init`)"
    assert problems_of(tmp_path) == [f"{tmp_path / 'fields.yaml'}: file not found {hint}"]
    assert "not a folder" in problems_of(tmp_path / "nowhere")[0]


def kefu(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KEFU_")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_content_init_copies_the_shipped_files_and_never_overwrites(tmp_path: Path) -> None:
    made = kefu(tmp_path, "content", "init", "mine")
    assert made.returncode == 0, made.stderr
    folder = tmp_path / "mine"
    for name in CONTENT_FILES:
        assert (folder / name).read_bytes() == (shipped_dir() / name).read_bytes()
    assert f"KEFU_CONTENT_DIR={folder}" in made.stdout

    (folder / "categories.yaml").write_text("edited", encoding="utf-8")
    again = kefu(tmp_path, "content", "init", "mine")
    assert again.returncode == 1
    assert "mine/categories.yaml" in again.stderr and "--force" in again.stderr
    assert (folder / "categories.yaml").read_text(encoding="utf-8") == "edited"

    forced = kefu(tmp_path, "content", "init", "mine", "--force")
    assert forced.returncode == 0, forced.stderr
    shipped = (shipped_dir() / "categories.yaml").read_bytes()
    assert (folder / "categories.yaml").read_bytes() == shipped


def test_check_validates_the_content_folder(
    tmp_path: Path, bot_api_for: Callable[[str], str]
) -> None:
    assert kefu(tmp_path, "content", "init", "mine").returncode == 0
    folder = tmp_path / "mine"
    env = {"KEFU_BOT_TOKEN": TOKEN, "KEFU_CONTENT_DIR": str(folder)}
    env["KEFU_TELEGRAM_API_URL"] = bot_api_for(TOKEN)  # check asks the Bot API getMe
    fine = kefu(tmp_path, "check", **env)
    assert fine.returncode == 0, fine.stderr

    path = folder / "categories.yaml"
    broken = path.read_text(encoding="utf-8").replace("form: [order_no,", "form: [order_nr,", 1)
    path.write_text(broken, encoding="utf-8")
    result = kefu(tmp_path, "check", **env)
    assert result.returncode == 1
    problems = [line for line in result.stderr.splitlines() if line.startswith("problem:")]
    assert problems == [
        f"problem: {path}:{line_of(broken, 'order_nr')}: categories.0.form.0: unknown field "
        "'order_nr' (not in fields.yaml); did you mean 'order_no'?"
    ]
