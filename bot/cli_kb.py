"""`kefu kb search "QUESTION"`: the articles a user asking QUESTION would be offered, so an
operator can try their kb.yaml from a terminal (read from KEFU_CONTENT_DIR, like kefu)."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.app.kb_parts import load_index
from bot.cli_desk import fail, read_settings
from dialogs.content import ContentError, load_content
from dialogs.languages import LOCALES

kb_app = typer.Typer(
    help="The knowledge base (kb.yaml): try its search.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@kb_app.command("search")
def search(
    question: Annotated[str, typer.Argument(help="what a user would type")],
    locale: Annotated[
        str, typer.Option("--locale", help=f"the question's language: {', '.join(LOCALES)}")
    ] = "en",
    limit: Annotated[int, typer.Option("--limit", min=1, max=20, help="articles shown")] = 3,
) -> None:
    """Print the best articles for QUESTION, one a line: rank, article id, category id,
    score. Search reads every language (Traditional and Simplified Chinese as one), so
    --locale only checks that the question is in one kefu speaks."""
    if not question.strip():
        fail('give the question to search for, e.g. kefu kb search "充值没到账"')
    if locale not in LOCALES:
        fail(f"--locale must be one of {', '.join(LOCALES)}, not {locale!r}")
    settings = read_settings()
    try:
        content = load_content(settings.content_dir)
        index = load_index(settings.content_dir, [c.id for c in content.categories])
    except ContentError as exc:
        for problem in exc.problems:
            typer.echo(f"problem: {problem}", err=True)
        raise typer.Exit(2) from None
    hits = index.search(question, limit=limit)
    for rank, hit in enumerate(hits, 1):
        typer.echo(f"{rank} {hit.article.id} {hit.article.category} {hit.score:.2f}")
    threshold = settings.kb_min_score
    if not hits or hits[0].score < threshold:
        typer.echo(f"kefu: nothing reaches {threshold} (KEFU_KB_MIN_SCORE): users are shown "
                   "the menu and \"Talk to a person\"", err=True)  # fmt: skip
