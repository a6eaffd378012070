"""`kefu sandbox` in headless Chromium: the issue's journey, clicked and typed on the page,
with kefu answering through its real runtime against the double. A user files a top-up
report about a demo order (with a sample photo), sees the order's status, the report
goes to the desk and the user asks for a person; an agent claims it, keeps a note, replies
in its topic and resolves it from the command menu; the user rates it. A new user joins in
Simplified Chinese, and the admin broadcasts to the Simplified Chinese users: the two of
them get it, nobody else does. Screenshots of three moments go to the folder
$KEFU_SCREENSHOTS names (``KEFU_SCREENSHOTS=docs`` refreshes the README's), else to the
test's temporary folder, so a test run leaves the checkout as it was."""

from __future__ import annotations

import os
import re
from pathlib import Path

from tests.sandbox.browser import WAIT, Steps, sandbox_page

TICKET_ID = re.compile(r"K-[0-9A-HJKMNP-TV-Z]{5}")
OWNED = "DM240003"  # lin.wei's order: paid, being delivered, through WeChat Pay


async def test_the_journey_in_a_browser(tmp_path: Path) -> None:
    from playwright.async_api import expect

    shots = Path(os.environ.get("KEFU_SCREENSHOTS") or tmp_path)
    async with sandbox_page(tmp_path) as (page, errors):
        steps = Steps(page)
        shows, press, type_ = steps.shows, steps.press, steps.type_

        async def shot(name: str) -> None:
            await page.screenshot(path=str(shots / f"sandbox-{name}.png"))

        # The user: Lin, who owns the demo account lin.wei, files a top-up report.
        await shows("user", "Hello, Lin!")
        await press("user", "Top-up not received")
        await shows("user", "Step 1 of 5")
        await type_("user", OWNED)
        await shows("user", f"Order {OWNED}")  # the order's status, from the demo shop
        await shows("user", "paid, being delivered")
        await press("user", "WeChat Pay")
        await shows("user", "Step 3 of 5")
        await shows("user", "WeChat Pay is slow right now")  # the channel's health, too
        await shot("user-report")
        await type_("user", "50")
        await shows("user", "Step 4 of 5")
        await type_("user", "10 minutes ago")
        await shows("user", "Step 5 of 5")
        await page.locator("#user .attach-button").click()
        await page.locator("#user .attach .sample").first.click()
        await expect(page.locator("#user .chat .msg.mine img.photo")).to_be_visible()
        await press("user", "Done")
        await press("user", "Submit")
        await shows("user", "Your ticket")
        filed = await page.locator("#user .chat .msg", has_text="Your ticket").last.inner_text()
        (ticket,) = set(TICKET_ID.findall(filed))
        # Lin wants a person on it: the menu's hand-off puts the filed ticket before them.
        await type_("user", "/start")
        await expect(steps.messages("user", "Hello, Lin!")).to_have_count(2)  # the new menu
        await press("user", "Talk to a person")
        await shows("user", f"Your ticket {ticket} is with our team")

        # The desk: the ticket's topic with its card; Ann claims it, keeps a note the user
        # never sees, answers, and resolves it from the topic's command menu.
        await page.locator("#topics .topic", has_text=ticket).click()
        await shows("desk", "📦 Order")
        await press("desk", "Claim")
        await expect(page.locator("#toast")).to_contain_text("Claimed by Ann")
        note = page.locator("#desk .composer input[name=text]")
        await note.fill("paid by WeChat Pay, stuck at the bank")
        await page.locator("#desk .note-button").click()
        await shows("desk", "Note kept on the ticket")
        await type_("desk", "Found your top-up, it is on its way")
        await shows("user", "Found your top-up, it is on its way")
        await type_("user", "It arrived, thanks!")
        await shows("desk", "It arrived, thanks!")
        await steps.command("desk", "resolve")
        await shows("user", "has been resolved")
        await press("user", "5 ⭐")
        await shows("user", "5 of 5")
        await expect(steps.messages("user", "stuck at the bank")).to_have_count(0)
        await shot("desk")

        # A new user, Wen, in Simplified Chinese, as Mei is; the admin broadcasts to the
        # Simplified Chinese users: Wen and Mei get it, Lin and the admin (English) do not.
        await page.locator("#add-user input[name=name]").fill("Wen")
        await page.locator("#add-user select[name=language]").select_option("zh-hans")
        await page.locator("#add-user button").click()
        await shows("user", "Wen")
        await page.locator("#do-broadcast").click()
        await shows("admin", "Send the message users will get")
        seen = await steps.count("admin")
        await type_("admin", "The shop is closed tonight 02:00-04:00")
        await press("admin", "Continue", since=seen)  # the preview's, once it is there
        await press("admin", "简体中文 users")
        await press("admin", "Now")
        await shows("admin", "Recipients now: 2")
        await press("admin", "Confirm")
        await shows("admin", "Broadcast queued")
        await shows("user", "The shop is closed tonight")  # Wen, the page's user now
        # The progress message, edited as it goes: after the broadcast's own messages, so
        # behind them in the admin's chat's pace (Telegram's, as the double keeps it).
        await shows("admin", ": done", timeout=3 * WAIT)
        await shows("admin", "Sent 2 · blocked 0 · failed 0 · remaining 0")
        await page.locator("#user-pick").select_option(label="Mei (zh-hans)")
        await shows("user", "The shop is closed tonight")
        await page.locator("#user-pick").select_option(label="Lin (en)")
        await shows("user", "5 of 5")
        sent = "The shop is closed tonight"
        await expect(steps.messages("user", sent)).to_have_count(0)
        # The admin's chat holds it twice: as typed, and kefu's preview; never as sent.
        await expect(steps.messages("admin", sent)).to_have_count(2)
        await page.locator("#channels button.down").first.click()
        await expect(page.locator("#channels button.down.on")).to_have_count(1)
        await shot("admin")
    assert not errors, errors
