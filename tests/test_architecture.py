"""The layers stay apart: dialogs/, integrations/ and the Bot API double import only what
their layer may know.

Checked with the stdlib `ast` module rather than import-linter: no extra tool to install
and configure, and it reads every import statement in a file wherever it stands, lazy
imports inside functions and `if TYPE_CHECKING:` blocks included; those are imports all
the same, and a layer that leans on one has broken the rule as surely as at the top.
(Dynamic `importlib.import_module("...")` calls are not seen; kefu does not use them.)

A module matches a prefix on whole dotted components, so `telegram` (python-telegram-bot)
matches `telegram.ext` but neither `bot.telegram` (kefu's own) nor `telegram_thing`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Rule:
    root: str  # a folder, relative to the source tree; every .py under it is checked
    forbidden: tuple[str, ...]  # module prefixes it must not import
    allowed: tuple[str, ...]  # exceptions carved out of `forbidden`
    reason: str
    exempt: tuple[str, ...] = ()  # folders under `root` that this rule does not cover


RULES = (
    # Conversations are plain Python: they run and test without Telegram, a database or
    # the network. The bot drives them through dialogs/ports; they never reach back.
    Rule(
        root="dialogs",
        forbidden=(
            "aiogram",
            "telegram",
            "sqlalchemy",
            "alembic",
            "redis",
            "asyncpg",
            "aiosqlite",
            "aiohttp",
            "httpx",
            "requests",
            "urllib3",
            "bot",
        ),
        allowed=(),
        reason="dialogs/ must not import messaging libraries, databases, HTTP clients or bot/",
    ),
    # Order systems and other outside services: the bot uses them, not the other way round,
    # and they know nothing of Telegram.
    Rule(
        root="integrations",
        forbidden=("bot", "aiogram", "telegram"),
        allowed=(),
        reason="integrations/ must not import bot/ or a Telegram library",
    ),
    # The double stands in for Telegram's server. Built from the app's own code it would
    # agree with the app's mistakes; it may share only the neutral support helpers.
    Rule(
        root="bot/telegram/double",
        forbidden=("bot", "dialogs", "integrations", "locales"),
        allowed=("bot.support", "bot.telegram.double"),
        reason="the Bot API double must not import kefu beyond bot.support and itself",
    ),
    # The Telegram layer knows the Bot API and makes no kefu decision: only the runtimes,
    # which drive the app, may reach into it (and the double stands apart, above).
    Rule(
        root="bot/telegram",
        forbidden=("bot.app", "bot.storage", "bot.composition", "bot.sandbox"),
        allowed=(),
        reason="bot/telegram/ outside the runtimes must not import the app or storage",
        exempt=("bot/telegram/runtimes", "bot/telegram/double"),
    ),
    # The app core is driven by a runtime and sends through the outbox's transport; it
    # never touches a messaging library or a runtime itself.
    Rule(
        root="bot/app",
        forbidden=("aiogram", "telegram", "bot.telegram.runtimes", "bot.telegram.double"),
        allowed=(),
        reason="bot/app/ must not import a messaging library, a runtime or the double",
    ),
    # Storage is the bottom layer: the app uses it, it uses neither the app nor Telegram.
    Rule(
        root="bot/storage",
        forbidden=("aiogram", "telegram", "bot.telegram", "bot.app"),
        allowed=(),
        reason="bot/storage/ must not import Telegram or the app",
    ),
)


def _under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def _forbids(rule: Rule, module: str) -> bool:
    return any(_under(module, p) for p in rule.forbidden) and not any(
        _under(module, p) for p in rule.allowed
    )


def _module_name(root: Path, path: Path) -> list[str]:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _imported(rule: Rule, node: ast.Import | ast.ImportFrom, package: list[str]) -> list[str]:
    """The modules this statement imports that `rule` forbids; raises ValueError when a
    relative import climbs above its top-level package."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if _forbids(rule, alias.name)]
    if node.level:
        keep = len(package) - (node.level - 1)
        if keep < 1:
            raise ValueError
        module = ".".join([*package[:keep], *([node.module] if node.module else [])])
    else:
        module = node.module or ""
    # `from m import n` imports m.n when n is a submodule, m otherwise. When m is forbidden
    # outright, report m once; when an allowed package lies below m, judge each m.n.
    below = any(_under(a, module) for a in rule.allowed)
    if _forbids(rule, module) and not below:
        return [module]
    names = [f"{module}.{a.name}" for a in node.names if a.name != "*"]
    return [name for name in names if _forbids(rule, name)]


def violations(root: Path) -> list[str]:
    """Every import in the tree at `root` that breaks a rule, as `path:line imports x (reason)`."""
    found: list[tuple[str, int, str]] = []
    for rule in RULES:
        for path in sorted((root / rule.root).rglob("*.py")):
            where = path.relative_to(root).as_posix()
            if any(_under(where.replace("/", "."), e.replace("/", ".")) for e in rule.exempt):
                continue
            try:
                tree = ast.parse(path.read_bytes(), filename=where)
            except SyntaxError as error:
                found.append((where, error.lineno or 0, f"does not parse ({error.msg})"))
                continue
            module = _module_name(root, path)
            package = module if path.name == "__init__.py" else module[:-1]
            for node in ast.walk(tree):
                if not isinstance(node, ast.Import | ast.ImportFrom):
                    continue
                try:
                    bad = _imported(rule, node, package)
                except ValueError:
                    msg = "has a relative import above its top-level package (cannot be checked)"
                    found.append((where, node.lineno, msg))
                    continue
                found += [(where, node.lineno, f"imports {m} ({rule.reason})") for m in bad]
    return [f"{where}:{line} {what}" for where, line, what in sorted(set(found))]


def plant(root: Path, relative: str, source: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source)


def test_the_tree_keeps_its_layers() -> None:
    for rule in RULES:
        assert list((REPO_ROOT / rule.root).rglob("*.py")), f"{rule.root}/ has no .py to check"
    found = violations(REPO_ROOT)
    assert found == [], "imports that cross a layer:\n" + "\n".join(found)


def test_dialogs_may_not_reach_libraries_or_the_bot(tmp_path: Path) -> None:
    plant(tmp_path, "dialogs/__init__.py", "")
    plant(tmp_path, "dialogs/report/__init__.py", "")
    plant(
        tmp_path,
        "dialogs/router.py",
        "import dataclasses\n"
        "import telegram.ext\n"
        "from typing import TYPE_CHECKING\n"
        "\n"
        "if TYPE_CHECKING:\n"
        "    from sqlalchemy.ext.asyncio import AsyncSession\n"
        "\n"
        "\n"
        "def route():\n"
        "    import aiogram\n"
        "    from bot.telegram.calls import send\n"
        "    return aiogram, send\n",
    )
    plant(
        tmp_path,
        "dialogs/report/engine.py",
        "import telegram_thing\nfrom . import draft\nfrom ..bot import x\nfrom ... import bot\n",
    )
    reason = "dialogs/ must not import messaging libraries, databases, HTTP clients or bot/"
    assert violations(tmp_path) == [
        "dialogs/report/engine.py:4 has a relative import above its top-level package"
        " (cannot be checked)",
        f"dialogs/router.py:2 imports telegram.ext ({reason})",
        f"dialogs/router.py:6 imports sqlalchemy.ext.asyncio ({reason})",
        f"dialogs/router.py:10 imports aiogram ({reason})",
        f"dialogs/router.py:11 imports bot.telegram.calls ({reason})",
    ]


def test_integrations_may_not_reach_the_bot_or_telegram(tmp_path: Path) -> None:
    plant(tmp_path, "integrations/__init__.py", "")
    plant(
        tmp_path,
        "integrations/shop.py",
        "import aiohttp\n"
        "from bot import config\n"
        "\n"
        "\n"
        "def notify():\n"
        "    from telegram import Bot\n"
        "    return Bot\n",
    )
    reason = "integrations/ must not import bot/ or a Telegram library"
    assert violations(tmp_path) == [
        f"integrations/shop.py:2 imports bot ({reason})",
        f"integrations/shop.py:6 imports telegram ({reason})",
    ]


def test_the_double_stands_apart_from_kefu(tmp_path: Path) -> None:
    plant(tmp_path, "bot/telegram/double/__init__.py", "from .server import Server\n")
    plant(
        tmp_path,
        "bot/telegram/double/server.py",
        "from typing import TYPE_CHECKING\n"
        "\n"
        "import aiohttp\n"
        "from bot.support.clock import Clock\n"
        "from bot.telegram.double.errors import ApiError\n"
        "from bot import support\n"
        "from ...support import waiting\n"
        "from bot.app.kefu_app import KefuApp\n"
        "from .. import outbox\n"
        "from bot.telegram import double, calls\n"
        "\n"
        "if TYPE_CHECKING:\n"
        "    import dialogs.router\n"
        "\n"
        "\n"
        "def serve():\n"
        "    from locales import load\n"
        "    return load\n",
    )
    reason = "the Bot API double must not import kefu beyond bot.support and itself"
    assert violations(tmp_path) == [
        f"bot/telegram/double/server.py:8 imports bot.app.kefu_app ({reason})",
        f"bot/telegram/double/server.py:9 imports bot.telegram.outbox ({reason})",
        f"bot/telegram/double/server.py:10 imports bot.telegram.calls ({reason})",
        f"bot/telegram/double/server.py:13 imports dialogs.router ({reason})",
        f"bot/telegram/double/server.py:17 imports locales ({reason})",
    ]


def test_what_each_layer_may_import_is_not_flagged(tmp_path: Path) -> None:
    plant(tmp_path, "bot/app/kefu_app.py", "import dialogs.router\nfrom bot.storage import x\n")
    plant(tmp_path, "bot/telegram/runtimes/aiogram3/runtime.py", "import aiogram\nimport bot.app\n")
    plant(tmp_path, "bot/telegram/inbound.py", "from dialogs.events import Inbound\n")
    plant(tmp_path, "bot/storage/tickets.py", "from dialogs.tickets.report import NewTicket\n")
    assert violations(tmp_path) == []


def test_the_bots_own_layers_hold(tmp_path: Path) -> None:
    plant(tmp_path, "bot/app/kefu_app.py", "from aiogram import Bot\nimport bot.telegram.ops\n")
    plant(tmp_path, "bot/telegram/outbox/outbox.py", "from bot.app.render import Renderer\n")
    plant(tmp_path, "bot/telegram/runtimes/base.py", "from bot.app.kefu_app import KefuApp\n")
    plant(tmp_path, "bot/storage/tickets.py", "from bot.telegram.ops import SendText\n")
    assert violations(tmp_path) == [
        "bot/app/kefu_app.py:1 imports aiogram (bot/app/ must not import a messaging library, "
        "a runtime or the double)",
        "bot/storage/tickets.py:1 imports bot.telegram.ops (bot/storage/ must not import "
        "Telegram or the app)",
        "bot/telegram/outbox/outbox.py:1 imports bot.app.render (bot/telegram/ outside the "
        "runtimes must not import the app or storage)",
    ]
