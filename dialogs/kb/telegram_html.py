"""Whether an operator's text is HTML that Telegram accepts (parse_mode HTML).

Checked when the content loads, so a broken answer is a line in `kefu check` rather than a
400 "can't parse entities" for the user who asked. The rules are the Bot API's "HTML
style": its tags and attributes only, tags closed in order, and only the entities
``&lt; &gt; &amp; &quot;`` and numeric ones.
"""

from __future__ import annotations

from html.parser import HTMLParser

# tag -> the attributes it may have
ALLOWED: dict[str, frozenset[str]] = {
    **{t: frozenset() for t in ("b", "strong", "i", "em", "u", "ins", "s", "strike", "del")},
    "span": frozenset({"class"}),
    "tg-spoiler": frozenset(),
    "a": frozenset({"href"}),
    "tg-emoji": frozenset({"emoji-id"}),
    "code": frozenset({"class"}),
    "pre": frozenset(),
    "blockquote": frozenset({"expandable"}),
}
NAMED_ENTITIES = frozenset({"lt", "gt", "amp", "quot"})


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.length = 0  # visible characters, as Telegram counts the message

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            self.problems.append(f"<{tag}> is not a tag Telegram allows")
            return
        for name, value in attrs:
            if name not in ALLOWED[tag]:
                self.problems.append(f"<{tag}> cannot have the attribute {name!r}")
            elif tag == "span" and value != "tg-spoiler":
                self.problems.append('<span> needs class="tg-spoiler"')
            elif tag == "a" and not (value or "").startswith(("https://", "http://", "tg://")):
                self.problems.append(f"<a href={value!r}> is not a link Telegram opens")
        if tag in ("a", "tg-emoji") and not attrs:
            self.problems.append(f"<{tag}> needs an {'href' if tag == 'a' else 'emoji-id'}")
        self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(f"<{tag}/> is not allowed (Telegram has no empty tags)")

    def handle_endtag(self, tag: str) -> None:
        if tag not in ALLOWED:
            return  # said at its start tag
        if not self.open or self.open[-1] != tag:
            expected = f"</{self.open[-1]}>" if self.open else "no closing tag"
            self.problems.append(f"</{tag}> found where {expected} was expected")
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.length += len(data)
        if "<" in data or ">" in data:
            self.problems.append("a bare < or > (write &lt; or &gt;)")
        if "&" in data:
            self.problems.append("a bare & (write &amp;)")

    def handle_entityref(self, name: str) -> None:
        self.length += 1
        if name not in NAMED_ENTITIES:
            self.problems.append(f"&{name}; is not an entity Telegram knows (use &amp;{name};)")

    def handle_charref(self, name: str) -> None:
        self.length += 1

    def unknown_decl(self, data: str) -> None:
        self.problems.append(f"<!{data}> is not allowed")

    def handle_decl(self, decl: str) -> None:
        self.problems.append(f"<!{decl}> is not allowed")

    def handle_pi(self, data: str) -> None:
        self.problems.append(f"<?{data}> is not allowed")

    def parse_endtag(self, i: int) -> int:
        if self.rawdata.startswith("</>", i):  # skipped quietly by html.parser
            self.problems.append("</> is not a tag Telegram allows")
        return super().parse_endtag(i)

    def parse_bogus_comment(self, i: int, report: bool = True) -> int:
        # "</>" and the like: html.parser skips them quietly, Telegram refuses them.
        self.problems.append(f"{self.rawdata[i : i + 12]!r} is not a tag Telegram allows")
        return super().parse_bogus_comment(i, report)

    def handle_comment(self, data: str) -> None:
        self.problems.append("HTML comments are not allowed")


def html_problems(text: str, limit: int) -> list[str]:
    """What Telegram would refuse in ``text``, or that makes it longer than ``limit``
    visible characters; empty when it is fine."""
    checker = _Checker()
    checker.feed(text)
    checker.close()
    problems = list(dict.fromkeys(checker.problems))  # each once, in order
    if checker.rawdata:  # an unfinished tag, e.g. "<b" at the end
        problems.append(f"an unfinished tag: {checker.rawdata[:20]!r}")
    if checker.open:
        problems.append(f"<{checker.open[-1]}> is never closed")
    if checker.length > limit:
        problems.append(f"{checker.length} characters; at most {limit}")
    return problems
