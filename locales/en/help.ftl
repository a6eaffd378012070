# kefu's own strings in English: /help and the command menu.

help =
    <b>What I can do</b>
    • <b>Report a problem</b>: choose what it is about in the menu. I ask for the details one at a time, show you a summary to check, and file a ticket for our support team.
    • <b>My tickets</b>: your tickets and their status.
    • <b>Language</b>: English, 简体中文 or 繁體中文.

    <b>Commands</b>
    /start — the main menu
    /help — this help
    /cancel — cancel the report you are filling in
    /language — change the language
    /order — an order's status (e.g. /order DM240003)
cmd-start = Main menu
cmd-help = What I can do
cmd-language = Change language
cmd-cancel = Cancel what you are doing
cmd-order = An order's status
