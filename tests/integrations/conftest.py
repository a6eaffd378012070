"""Fixtures of the integrations' tests: a local HTTP order service, started and stopped
around each test that asks for it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.integrations.order_service import OrderService


@pytest.fixture
async def order_service() -> AsyncIterator[OrderService]:
    async with OrderService() as service:
        yield service
