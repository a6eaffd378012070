"""`kefu sandbox` in headless Chromium: the issue's journey, clicked and typed on the page,
with kefu answering through its real runtime against the double. A user files a top-up
report about a demo order (with a sample photo), sees the order's status, the report
goes to the desk, an agent claims it and replies in its topic, resolves it and the user
rates it; the admin broadcasts to everyone. Screenshots of three moments go to the folder
$KEFU_SCREENSHOTS names (``KEFU_SCREENSHOTS=docs`` refreshes the README's), else to the
test's temporary folder, so a test run leaves the checkout as it was."""

from __future__ import annotations

import os
import re
from pathlib import Path

from tests.sandbox.browser import chromium, sandbox_process

TICKET_ID = re.compile(r"K-[0-9A-HJKMNP-TV-Z]{5}")
WAIT = 15_000  # ms: kefu answers in well under a second; a loaded CI machine is slower
OWNED = "DM240003"  # lin.wei's order: paid, being delivered, through WeChat Pay


async def test_the_journey_in_a_browser(tmp_path: Path) -> None:
    from playwright.async_api import Page, async_playwright, expect

    expect.set_options(timeout=WAIT)
    executable = chromium()

    async def shows(pane: str, text: str, timeout: float = WAIT) -> None:  # noqa: ASYNC109
        found = page.locator(f"#{pane} .chat .msg", has_text=text).last
        await expect(found).to_be_visible(timeout=timeout)

    async def press(pane: str, label: str) -> None:
        await page.locator(f"#{pane} .chat .ib", has_text=label).last.click()

    async def type_(pane: str, text: str) -> None:
        box = page.locator(f"#{pane} .composer input[name=text]")
        await box.fill(text)
        await box.press("Enter")

    shots = Path(os.environ.get("KEFU_SCREENSHOTS") or tmp_path)

    async def shot(name: str, page: Page) -> None:
        await page.screenshot(path=str(shots / f"sandbox-{name}.png"))

    async with sandbox_process(tmp_path) as address, async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        page = await browser.new_page(viewport={"width": 1440, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        await page.goto(address)
        await expect(page.locator("#status")).to_have_text("live")

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
        await shot("user-report", page)
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

        # The desk: the ticket's topic with its card; Ann claims it and answers.
        await page.locator("#topics .topic", has_text=ticket).click()
        await shows("desk", "📦 Order")
        await press("desk", "Claim")
        await expect(page.locator("#toast")).to_contain_text("Claimed by Ann")
        await type_("desk", "Found your top-up, it is on its way")
        await shows("user", "Found your top-up, it is on its way")
        await type_("user", "It arrived, thanks!")
        await shows("desk", "It arrived, thanks!")
        await type_("desk", "/resolve done")
        await shows("user", "has been resolved")
        await press("user", "5 ⭐")
        await shows("user", "5 of 5")
        await shot("desk", page)

        # The admin broadcasts to everyone: Lin and Mei (and the admin) get it.
        await page.locator("#do-broadcast").click()
        await shows("admin", "Send the message users will get")
        await type_("admin", "The shop is closed tonight 02:00-04:00")
        await press("admin", "Continue")
        await press("admin", "Everyone")
        await press("admin", "Now")
        await shows("admin", "Ready to send")
        await press("admin", "Confirm")
        await shows("admin", "Broadcast queued")
        await shows("user", "The shop is closed tonight")
        await page.locator("#user-pick").select_option(label="Mei (zh-hans)")
        await shows("user", "The shop is closed tonight")
        # The progress message, edited as it goes: after the broadcast's own messages, so
        # behind them in the admin's chat's pace (Telegram's, as the double keeps it).
        await shows("admin", ": done", timeout=3 * WAIT)
        await page.locator("#channels button.down").first.click()
        await expect(page.locator("#channels button.down.on")).to_have_count(1)
        await shot("admin", page)
        await browser.close()
    assert not errors, errors
