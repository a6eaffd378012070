"""A maintenance window from the sandbox's admin panel, in headless Chromium: the admin
starts one on top-ups through kefu's /maintenance dialog (the panel's button), a user
opening the menu (its command menu's /start) sees its banner and, starting a top-up
report, is told first and asks to be told when it is over; the admin ends it, and the
user hears the service is back from kefu's watch of the windows. On python-telegram-bot,
the second runtime (the journey walks the default, aiogram), so the page is walked on each
without walking the journey twice."""

from __future__ import annotations

from pathlib import Path

from tests.sandbox.browser import Steps, sandbox_page

MESSAGE = "Top-ups are paused while the bank upgrades."


async def test_a_maintenance_window_from_the_admin_panel(tmp_path: Path) -> None:
    from playwright.async_api import expect

    async with sandbox_page(tmp_path, runtime="ptb") as (page, errors):
        steps = Steps(page)
        shows, press, type_ = steps.shows, steps.press, steps.type_
        await shows("user", "Hello, Lin!")

        # The admin starts one: top-ups, two hours, not announced.
        await page.locator("#do-maintenance").click()
        await shows("admin", "No maintenance window is on or planned.")
        await press("admin", "Start a maintenance window")
        # Its scopes, once they are there: the admin's menu has a "Top-up not received" too.
        await shows("admin", "What does it affect?")
        await press("admin", "Top-up not received")
        await shows("admin", "Send what users are told")
        await type_("admin", MESSAGE)
        await shows("admin", "Versions for other languages so far")
        await press("admin", "Continue")
        await shows("admin", "When is it expected to end?")
        await type_("admin", "+2h")
        await press("admin", "Do not announce")
        await press("admin", "Start it")
        await shows("admin", "Maintenance started.")

        # Lin opens the menu: its banner; a top-up report is told first.
        await steps.command("user", "start")
        await shows("user", "Maintenance: Top-up not received")
        await press("user", "Top-up not received")
        await shows("user", "Before you go on: what you are reporting is affected by maintenance")
        await press("user", "Tell me when it's over")
        await shows("user", "Noted: we will message you here")

        # The admin ends it, from the new panel (an older message has the same button);
        # Lin, who asked, is told the service is back.
        seen = await steps.count("admin")
        await page.locator("#do-maintenance").click()
        await press("admin", "⏹ End #", since=seen)
        await shows("admin", "ended: who asked")
        await shows("user", "Service restored.")
        restored = steps.messages("user", "Service restored.").last
        await expect(restored).to_contain_text(MESSAGE)
    assert not errors, errors
