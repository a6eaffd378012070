"""HTTP order backend benchmark: how many order lookups a second kefu gets through the HTTP
backend (integrations/http, the epay_v1 preset) from a local order service, with its cache
off and on; and the latency of lookups when the shop is slow.

    python -m bench.orders [--lookups 2000] [--orders 200] [--concurrency 20]
                           [--delay-ms 50] [--jitter-ms 20] [--slow-lookups 400]

The shop is the tests' local HTTP order service (tests/integrations/order_service.py, an
aiohttp server on 127.0.0.1), answering each out_trade_no with an epay-shaped order.
``--lookups`` lookups go over ``--orders`` distinct numbers, ``--concurrency`` at a time;
with the cache on, only the first lookup of each number reaches the shop. Then the shop
waits ``--delay-ms`` (plus up to ``--jitter-ms``) before each answer, and
``--slow-lookups`` lookups (cache off) give the latency's p50 and p99 as a customer would
feel it. Client and server share one process and event loop, so the figures are a floor
on kefu's own cost per lookup, not a network's.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TextIO

from integrations.http import HttpOrderBackend, config_from
from tests.integrations.order_service import OrderService, Reply, Seen, shape

ENV = {"EPAY_KEY": "bench-merchant-key"}


@dataclass(frozen=True)
class Bench:
    """One run's load."""

    lookups: int = 2_000
    orders: int = 200
    concurrency: int = 20
    delay_ms: float = 50.0
    jitter_ms: float = 20.0
    slow_lookups: int = 400


@dataclass(frozen=True)
class Figures:
    cold_per_second: float  # cache off
    warm_per_second: float  # cache on
    warm_asked: int  # lookups that reached the shop with the cache on
    slow_p50_ms: float
    slow_p99_ms: float
    failed_tries: int  # tries the backend logged as failed (and retried) over the run


def epay_shop(service: OrderService, delay: float = 0.0, jitter: float = 0.0) -> None:
    """Serve every out_trade_no as a paid epay order (after ``delay`` + jitter seconds)."""
    template = shape("epay_v1_paid")

    def answer(seen: Seen) -> Reply:
        number = seen.query.get("out_trade_no", "")
        return Reply(json={**template, "out_trade_no": number}, delay=delay, jitter=jitter)

    service.route("/api.php", answer)


def backend(service: OrderService, cache_seconds: float) -> HttpOrderBackend:
    config = config_from(
        {
            "preset": "epay_v1",
            "base_url": service.base_url,
            "vars": {"pid": 1000},
            "cache": {"ttl_seconds": cache_seconds, "max_entries": 4096},
        }
    )
    return HttpOrderBackend(config, env=ENV)


async def run_lookups(
    shop: HttpOrderBackend, numbers: list[str], concurrency: int
) -> tuple[float, list[float]]:
    """Look every number up, ``concurrency`` at a time: seconds in all, and each lookup's."""
    queue = iter(numbers)
    latencies: list[float] = []

    async def worker() -> None:
        for number in queue:
            started = time.perf_counter()
            if await shop.find(number, 1) is None:
                raise RuntimeError(f"order {number} was not found")
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started, latencies


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@contextlib.contextmanager
def counted_failures() -> Iterator[_Counter]:
    """The backend's warnings (a failed try each) counted instead of printed."""
    logger = logging.getLogger("integrations.http")
    counter = _Counter()
    logger.addHandler(counter)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.propagate = propagate


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def measure(bench: Bench) -> Figures:
    numbers = [f"E{n % bench.orders:06d}" for n in range(bench.lookups)]
    with counted_failures() as failures:
        async with OrderService() as service:
            epay_shop(service)
            async with backend(service, 0) as shop:
                await run_lookups(shop, numbers[: bench.concurrency], bench.concurrency)  # warm-up
                cold, _ = await run_lookups(shop, numbers, bench.concurrency)
            asked_before = len(service.requests)
            async with backend(service, 600) as shop:
                warm, _ = await run_lookups(shop, numbers, bench.concurrency)
            warm_asked = len(service.requests) - asked_before
            epay_shop(service, bench.delay_ms / 1000, bench.jitter_ms / 1000)
            async with backend(service, 0) as shop:
                slow_numbers = numbers[: bench.slow_lookups]
                _, latencies = await run_lookups(shop, slow_numbers, bench.concurrency)
    return Figures(
        cold_per_second=bench.lookups / cold,
        warm_per_second=bench.lookups / warm,
        warm_asked=warm_asked,
        slow_p50_ms=percentile(latencies, 0.50) * 1000,
        slow_p99_ms=percentile(latencies, 0.99) * 1000,
        failed_tries=failures.count,
    )


def print_report(bench: Bench, f: Figures, out: TextIO) -> None:
    lines = [
        "kefu HTTP order backend: epay_v1 preset against a local order service",
        f"  lookups               {bench.lookups} over {bench.orders} order numbers,"
        f" {bench.concurrency} at a time",
        f"  cache off             {f.cold_per_second:8.0f} lookups/s",
        f"  cache on              {f.warm_per_second:8.0f} lookups/s"
        f" ({f.warm_asked} of {bench.lookups} reached the shop)",
        f"  slow shop             {bench.delay_ms:g} ms + up to {bench.jitter_ms:g} ms jitter,"
        f" {bench.slow_lookups} lookups, cache off",
        f"  slow p50              {f.slow_p50_ms:8.1f} ms",
        f"  slow p99              {f.slow_p99_ms:8.1f} ms",
        f"  failed tries          {f.failed_tries:8d} (timeouts retried, over the whole run)",
    ]
    print("\n".join(lines), file=out, flush=True)


async def run_benchmark(bench: Bench, out: TextIO | None = None) -> Figures:
    """Run the benchmark; print and return its figures."""
    figures = await measure(bench)
    print_report(bench, figures, out or sys.stdout)
    return figures


def parse_args(argv: Sequence[str] | None = None) -> Bench:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--lookups", type=int, default=Bench.lookups)
    parser.add_argument("--orders", type=int, default=Bench.orders, help="distinct numbers")
    parser.add_argument("--concurrency", type=int, default=Bench.concurrency)
    parser.add_argument("--delay-ms", type=float, default=Bench.delay_ms, help="slow shop")
    parser.add_argument("--jitter-ms", type=float, default=Bench.jitter_ms, help="slow shop")
    parser.add_argument("--slow-lookups", type=int, default=Bench.slow_lookups)
    args = parser.parse_args(argv)
    if min(args.lookups, args.orders, args.concurrency, args.slow_lookups) < 1:
        parser.error("lookups, orders, concurrency and slow lookups at least 1")
    if args.delay_ms < 0 or args.jitter_ms < 0:
        parser.error("delay and jitter are 0 or more")
    return Bench(
        lookups=args.lookups,
        orders=args.orders,
        concurrency=args.concurrency,
        delay_ms=args.delay_ms,
        jitter_ms=args.jitter_ms,
        slow_lookups=args.slow_lookups,
    )


def main(argv: Sequence[str] | None = None) -> None:
    asyncio.run(run_benchmark(parse_args(argv)))


if __name__ == "__main__":
    main()
