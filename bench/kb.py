"""Knowledge base benchmark: what search costs, so a question at the menu is answered in
milliseconds; and what the index costs to build and to hold.

    python -m bench.kb [--rounds 5]

Builds the shipped knowledge base's index in a fresh process (jieba's dictionary loaded,
OpenCC, every article's titles and question variants segmented and indexed), then searches
every labelled question of tests/data/kb_questions.yaml ``--rounds`` times and prints, per
locale, searches per second and p50/p99 latency, with the memory the process holds.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import TextIO

import yaml

from dialogs.content import load_content
from dialogs.kb.loader import load_kb
from dialogs.kb.search import KbIndex
from dialogs.languages import LOCALES

QUESTIONS = Path(__file__).parents[1] / "tests" / "data" / "kb_questions.yaml"


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(rounds: int, out: TextIO) -> dict[str, float]:
    """Print the figures; return them (searches per second per locale, build seconds)."""
    before = _rss_mib()
    started = time.perf_counter()
    content = load_content()
    index = KbIndex(load_kb(None, [c.id for c in content.categories]))
    built = time.perf_counter() - started
    out.write(f"index: {len(index.articles)} articles built in {built:.2f} s; "
              f"peak RSS {before:.0f} -> {_rss_mib():.0f} MiB\n")  # fmt: skip
    data = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    figures = {"build_seconds": built}
    for locale in LOCALES:
        questions = [item["q"] for item in data[locale]]
        times = []
        for _ in range(rounds):
            for question in questions:
                t = time.perf_counter()
                index.search(question)
                times.append(time.perf_counter() - t)
        times.sort()
        per_second = len(times) / sum(times)
        p50, p99 = statistics.median(times), times[int(len(times) * 0.99) - 1]
        figures[locale] = per_second
        out.write(f"{locale}: {per_second:,.0f} searches/s · p50 {p50 * 1000:.2f} ms · "
                  f"p99 {p99 * 1000:.2f} ms ({len(times)} searches)\n")  # fmt: skip
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    run(args.rounds, sys.stdout)


if __name__ == "__main__":
    main()
