"""Loading an HTTP backend's YAML: presets with overrides, and errors that name the bad
field (and never echo a secret someone wrote where it does not belong)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dialogs.ports.orders import Capability, OrderStatus
from integrations.http import (
    HttpConfigError,
    HttpOrderBackend,
    config_from,
    load_http_backend,
    preset_names,
)
from tests.integrations.http_kit import SECRETS, SHOP, Monotonic, shop_order
from tests.integrations.order_service import OrderService, Reply

EPAY_YAML = """\
preset: epay_v1
base_url: {base_url}
vars:
  pid: 1000
timeout_seconds: 0.5
endpoints:
  find:
    query:
      sign_type: MD5   # merged into the preset's query
mapping:
  kind: {{const: game_topup}}   # replaces the preset's constant
  status:
    path: status
    map: {{"0": awaiting_payment, "1": delivered, "2": refunded, "3": failed, "4": failed}}
denylist: [param]   # added to the defaults
"""


async def test_a_yaml_file_with_a_preset_and_overrides(
    order_service: OrderService, tmp_path: Path
) -> None:
    path = tmp_path / "orders.yaml"
    path.write_text(EPAY_YAML.format(base_url=order_service.base_url), encoding="utf-8")
    order_service.script("/api.php", Reply.of("epay_v1_paid"))
    shop = load_http_backend(path, env=SECRETS, monotonic=Monotonic())
    async with shop:
        order = await shop.find("E20240501001", 1)
    assert order is not None
    assert order.status is OrderStatus.DELIVERED and order.kind == "game_topup"
    assert order.account == "2088****1234"
    assert order_service.requests[0].query["sign_type"] == "MD5"
    assert order_service.requests[0].query["act"] == "order"


def test_presets_are_shipped() -> None:
    assert preset_names() == ["dujiao_next", "epay_v1", "woocommerce_v3"]


def test_overrides_merge_by_rule() -> None:
    config = config_from(
        {
            "preset": "woocommerce_v3",
            "base_url": "https://shop.example/",
            "denylist": ["customer_note"],
            "challenge": {"email": "billing.email"},
            "mapping": {"channel": {"const": "card"}},
        }
    )
    assert config.base_url == "https://shop.example"
    assert "meta_data" in config.denylist and "customer_note" in config.denylist
    assert list(config.challenge) == ["email"]  # replaced whole, not merged
    assert config.mapping.channel.const == "card" and config.mapping.channel.map is None


async def test_capabilities_follow_the_config() -> None:
    full = config_from({**SHOP, "base_url": "http://127.0.0.1:9"})
    async with HttpOrderBackend(full, env=SECRETS) as shop:
        assert shop.capabilities == frozenset(Capability)
    bare = {**SHOP, "base_url": "http://127.0.0.1:9", "challenge": {}}
    bare["endpoints"] = {"find": SHOP["endpoints"]["find"]}
    async with HttpOrderBackend(config_from(bare), env=SECRETS) as shop:
        assert shop.capabilities == frozenset()


def shop(**over: Any) -> dict[str, Any]:
    return {**SHOP, "base_url": "https://shop.example", **over}


@pytest.mark.parametrize(
    ("config", "named"),
    [
        ({"base_url": "https://x"}, "endpoints: Field required"),
        (shop(base_url="shop.example"), "base_url: an http:// or https:// URL"),
        (shop(base_url="https://u:p@shop.example"), "base_url: no credentials in the URL"),
        (shop(base_url="https://x/api.php?key=1"), "base_url: no query string"),
        (shop(timeout=3), "timeout: Extra inputs are not permitted"),
        (shop(timeout_seconds=0), "timeout_seconds: Input should be greater than 0"),
        (shop(auth={"type": "bearer", "env": "SHOP TOKEN"}), "auth.0.env: String should match"),
        (shop(auth={"type": "oauth"}), "auth.0: Input tag 'oauth'"),
        (shop(endpoints={"find": {"path": "/o/{nmber}"}}), "endpoints.find.path: unknown place"),
        (shop(endpoints={"find": {"path": "/o/{number!r}"}}), "a placeholder is a bare name"),
        (shop(endpoints={"find": {"path": "/o", "method": "PUT"}}), "endpoints.find.method"),
        (shop(endpoints={"find": {"path": "/o", "success": {"field": "ok"}}}), "exactly one of"),
        (shop(mapping={**SHOP["mapping"], "amount": {"path": "a", "const": 1}}), "mapping.amount"),
        (shop(mapping={**SHOP["mapping"], "product": "items.0.cdk"}), "mapping.product.path"),
        (shop(challenge={"email": "billing.password"}), "challenge.email: 'billing.password'"),
        (shop(challenge={"iris": "eye"}), "challenge.iris.[key]: Input should be"),
        (
            shop(mapping={**SHOP["mapping"], "status": {"path": "s", "map": {"x": "lost"}}}),
            "mapping.status.map.x: Input should be 'awaiting_payment'",
        ),
        (
            shop(endpoints={**SHOP["endpoints"], "linked_account": None}),
            "endpoints.recent uses {account}: configure linked_account",
        ),
        ({"preset": "shopify", "base_url": "https://x"}, "unknown preset 'shopify' (known: dujiao"),
    ],
)
def test_config_errors_name_the_field(config: dict[str, Any], named: str) -> None:
    with pytest.raises(HttpConfigError) as caught:
        config_from(config, "orders.yaml")
    assert str(caught.value).startswith("orders.yaml: ")
    assert named in str(caught.value)


def test_a_secret_written_into_the_config_is_refused_and_not_echoed() -> None:
    auth = {"type": "query", "param": "key", "key": "hunter2-SECRET"}
    with pytest.raises(HttpConfigError, match="name the environment variable") as caught:
        config_from(shop(auth=auth))
    assert "hunter2" not in str(caught.value)


def test_a_missing_environment_variable_names_it() -> None:
    config = config_from(
        {"preset": "epay_v1", "base_url": "https://pay.example", "vars": {"pid": 1}}
    )
    from integrations.http import HttpOrderBackend

    with pytest.raises(
        HttpConfigError, match=r"auth\.0\.env: environment variable EPAY_KEY is not"
    ):
        HttpOrderBackend(config, env={})


def test_yaml_errors_say_where_without_quoting(tmp_path: Path) -> None:
    path = tmp_path / "orders.yaml"
    path.write_text("base_url: https://x\nauth: {type: query, key: 'hunter2\n", encoding="utf-8")
    with pytest.raises(HttpConfigError, match="not valid YAML at line") as caught:
        load_http_backend(path, env=SECRETS)
    assert "hunter2" not in str(caught.value)
    with pytest.raises(HttpConfigError, match="cannot read it"):
        load_http_backend(tmp_path / "missing.yaml")
    path.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(HttpConfigError, match="a mapping of keys"):
        load_http_backend(path)


def test_the_shop_order_double_fits_its_config() -> None:
    assert shop_order("A1")["status"] in SHOP["mapping"]["status"]["map"]
