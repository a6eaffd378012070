"""`kefu demo orders|link|channel` as an operator meets them: the seeded orders as JSON,
a link and a channel's change recorded, and one-line refusals."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import kefu, one_line


def _env(tmp_path: Path) -> dict[str, str]:
    env = {"KEFU_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'kefu.db'}"}
    assert kefu(tmp_path, "migrate", **env).returncode == 0
    return env


def test_orders_as_json_and_as_a_table(tmp_path: Path) -> None:
    env = _env(tmp_path)
    listed = kefu(tmp_path, "demo", "orders", "--json", **env)
    assert listed.returncode == 0, listed.stderr
    orders = json.loads(listed.stdout)
    assert len(orders) >= 20
    first = orders[0]
    assert {"number", "account", "status", "channel", "amount", "currency"} <= set(first)
    assert (first["number"], first["amount"], first["currency"]) == ("DM240001", "30.00", "CNY")
    assert {o["status"] for o in orders} == {
        "awaiting_payment", "paid_delivering", "delivered", "failed", "refunded",
    }  # fmt: skip
    table = kefu(tmp_path, "demo", "orders", **env)
    assert table.returncode == 0 and "DM240024" in table.stdout


def test_link_and_channel_change_the_state(tmp_path: Path) -> None:
    env = _env(tmp_path)
    linked = kefu(tmp_path, "demo", "link", "42", "lin.wei", **env)
    assert linked.returncode == 0, linked.stderr
    assert "42 is linked to lin.wei" in linked.stdout
    down = kefu(tmp_path, "demo", "channel", "alipay", "down", "--eta", "30m", **env)
    assert down.returncode == 0, down.stderr
    assert "alipay is down" in down.stdout and "expected back at" in down.stdout
    ok = kefu(tmp_path, "demo", "channel", "wechat", "ok", **env)
    assert ok.returncode == 0 and "wechat is ok" in ok.stdout


def test_nonsense_is_refused_in_one_line(tmp_path: Path) -> None:
    env = _env(tmp_path)
    nobody = kefu(tmp_path, "demo", "link", "42", "nobody", **env)
    assert nobody.returncode == 2 and "no demo account 'nobody'" in one_line(nobody)
    paypal = kefu(tmp_path, "demo", "channel", "paypal", "ok", **env)
    assert paypal.returncode == 2 and "no demo channel 'paypal'" in one_line(paypal)
    slow = kefu(tmp_path, "demo", "channel", "alipay", "slow", **env)
    assert slow.returncode == 2 and "use ok, degraded or down" in one_line(slow)
    soon = kefu(tmp_path, "demo", "channel", "alipay", "down", "--eta", "soon", **env)
    assert soon.returncode == 2 and "--eta soon" in one_line(soon)
    ok_eta = kefu(tmp_path, "demo", "channel", "alipay", "ok", "--eta", "2h", **env)
    assert ok_eta.returncode == 2 and "degraded or down" in one_line(ok_eta)
    (tmp_path / "elsewhere").mkdir()
    unmigrated = kefu(tmp_path / "elsewhere", "demo", "orders")
    assert unmigrated.returncode == 2 and "kefu migrate" in one_line(unmigrated)
