# kefu's own strings in English: the hand-off to a person, and the agents' desk.

menu-human = 🙋 Talk to a person
handoff-filed = Your case is now ticket <b>{ $id }</b> and is with our team. A person will answer you here; anything you send in this chat reaches them.
handoff-existing = Your ticket <b>{ $id }</b> is with our team. A person will answer you here; anything you send in this chat reaches them.

desk-category-conversation = Conversation
desk-reason-report = filed a report
desk-reason-asked = asked for a person
desk-reason-words = asked for a person in their own words
priority-low = low
priority-normal = normal
priority-high = high
priority-urgent = urgent

desk-card-title = 🎫 <b>{ $id }</b> · { $category }
desk-card-why = Came in: { $why }
desk-card-priority = Priority: { $priority }
desk-card-priority-reason = Why: { $reason }
desk-card-order = Order
desk-card-when = When
desk-card-error = Error shown
desk-card-steps = Steps taken
desk-card-no-screenshots = none (the user has no screenshot)
desk-card-attachments = 📎 { $count ->
    [one] 1 attachment follows
   *[other] { $count } attachments follow
}.
desk-card-user = 👤 { $name } · id { $id } · language { $language } · with us { $days ->
    [one] 1 day
   *[other] { $days } days
}
desk-card-history = Earlier tickets:
desk-card-history-line = • { $id } · { $category } · { $status } · { $date }
desk-card-no-history = No earlier tickets.

desk-anonymous = ⚠️ Not sent to the user: this was posted anonymously, as the group, so nobody can answer for it. Turn off "Remain anonymous" in your administrator rights to answer users.
desk-unknown-command = Unknown command; nothing was sent to the user.
desk-not-delivered = ⚠️ Not delivered to the user: { $reason }
desk-user-blocked = ⚠️ The user has blocked the bot: nothing reaches them until they write to it again.
desk-card-status = Status: { $status }
desk-card-in-hand = in hand
desk-card-assignee = Claimed by: { $agent }
desk-card-tags = Tags: { $tags }
desk-button-claim = ✋ Claim
desk-button-priority = ⚡ Priority
desk-button-resolve = ✅ Resolve
desk-not-agent = Only members of the agents' group can do this.
desk-claimed = Claimed by { $agent }.
desk-note-empty = Write the note after the command: /note the user paid by Alipay.
desk-note-kept = 📝 Note kept on the ticket; the user does not see it.
desk-tag-empty = Write the tags after the command: /tag refund vip.
desk-tagged = Tagged: { $tags }
desk-cannot = Not possible while the ticket is { $status }.
desk-reopened = Reopened.
desk-resolved = ✅ { $id } resolved; the user has been told.
desk-banned = 🚫 The user is banned: they get one notice, then nothing they send reaches the desk. /unban lifts it.
desk-unbanned = The ban is lifted.
desk-choose-priority = Choose the priority:
desk-priority-set = Priority: { $priority }.
desk-priority-usage = Use: /priority low, normal, high or urgent.
desk-macro-unknown = No canned reply or article "{ $name }". Canned replies: { $known }. An article's id: /kb question.
desk-macro-sent = Sent "{ $name }" to the user: { $text }
desk-alias-set = Your replies now end with: — { $alias }
desk-alias-cleared = Your replies carry no alias line now.
desk-find-usage = Use: /find K-7F3Q2, /find @username, /find 123456789 or /find #alipay (a tag).
desk-find-none = No ticket found for { $query }.
desk-find-title = Tickets for { $query }:
desk-find-line = • { $id } · { $category } · { $status } { $link }
desk-help = In a ticket's topic, whatever you write reaches the user from the bot. Commands: /claim, /note text (kept, never sent), /reply name (a canned reply, or a knowledge base article by its id), /priority low|normal|high|urgent, /tag words, /resolve [message], /reopen, /ban [reason], /unban. Anywhere: /find K-7F3Q2 | @username | user id, /order number (any order; in a topic, /order alone refreshes the card's), /alias name, /stats [7|30] (the desk's numbers), /duty (reminders mention you), /kb question (the articles it finds), /kb_reload (after editing kb.yaml).
ticket-resolved = ✅ Your ticket <b>{ $id }</b> has been resolved. If the problem is still there, just write here.
ticket-resolved-with = ✅ Your ticket <b>{ $id }</b> has been resolved: { $message }
banned-notice = This account can no longer reach our support team through this chat.
desk-button-expired = That button is no longer active; nothing was changed.
desk-edited = ✏️ Edited: { $text }
desk-user-closed = The user closed { $id }.
desk-user-open = The user wrote again: { $id } is open again.
desk-user-claimed = The user wrote again: { $id } is open again, with its agent.
desk-why-words = urgent words: “{ $words }”
desk-why-burst = { $count } messages in a short time
desk-not-copied = ⚠️ A message from the user could not be shown here ({ $reason }).
cmd-desk-claim = Take this ticket
cmd-desk-note = Note on the ticket, never sent
cmd-desk-reply = Send a canned reply
cmd-desk-priority = low, normal, high or urgent
cmd-desk-tag = Tag the ticket
cmd-desk-resolve = Resolve, telling the user
cmd-desk-reopen = Reopen the ticket
cmd-desk-ban = Ban the user from the desk
cmd-desk-unban = Lift the ban
cmd-desk-find = Find tickets: id, @username, user id or #tag
cmd-desk-alias = The line under your replies
cmd-desk-help = What the desk can do
desk-error-not-done = ⚠️ That could not be done just now, and nothing was sent to the user. Please try again.
