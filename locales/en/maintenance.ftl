## Maintenance windows: what users are told, and the admins' reminder
maintenance-starts = 🛠 <b>Planned maintenance</b> from { $start }
maintenance-under-way = 🛠 <b>Maintenance under way</b>
maintenance-expected-end = Expected to end at { $end }.
maintenance-no-end = No end time yet: it is still under way.
maintenance-restored = ✅ <b>Service restored.</b> The maintenance is over:
    { $message }
    Thank you for your patience. If something still does not work, just write to us here.
maintenance-overdue-admin = ⏰ Maintenance window #{ $id } ({ $scope }) is past its expected end ({ $end }) and nobody has ended it: users are told it is still under way. Once it is over, end it with <code>kefu maintenance end { $id }</code> or /maintenance, and those who asked are told the service is back.

## What users see while a window is on (the menu's banner, told first, the article)
cmd-maintenance = Maintenance windows (admins)
maintenance-scope-service = all services
maintenance-scope-channel = { $channel } payments
maintenance-window =
    🛠 <b>Maintenance: { $scope }</b>
    { $message }
    { $when }
maintenance-overdue = ⏳ It is taking longer than announced: it is still under way, with no new end time yet.
maintenance-none-now = ✅ No maintenance is going on now.
maintenance-told-first = ⚠️ Before you go on: what you are reporting is affected by maintenance.
maintenance-go-on = You can still send your report: press Continue. Or press "Tell me when it's over" and we will message you here once it is over.
maintenance-go-on-money = Money that has not arrived always reaches a person: send it to a person now, or continue the form. Press "Tell me when it's over" and we will message you here once it is over.
maintenance-continue = ▶ Continue my report
maintenance-tell-me = 🔔 Tell me when it's over
maintenance-tell-me-scope = 🔔 Tell me when { $scope } is back
maintenance-to-person = 🙋 Send it to a person now
maintenance-wish-noted = 🔔 Noted: we will message you here as soon as the maintenance is over.
maintenance-avoid =
    ⚠️ <b>Planned maintenance: { $scope }</b>, from { $start } to { $end }.
    { $message }
    Please avoid paying with { $channel } then. You can go on with your report.
maintenance-avoid-no-end =
    ⚠️ <b>Planned maintenance: { $scope }</b>, from { $start }.
    { $message }
    Please avoid paying with { $channel } from then until it is over. You can go on with your report.

## An admin's /maintenance
maintenance-admin-title = 🛠 <b>Maintenance windows</b>
maintenance-admin-none = No maintenance window is on or planned.
maintenance-admin-line =
    <b>#{ $id }</b> · { $scope } · { $state }
    { $start } → { $end }
    { $message }
maintenance-state-scheduled = planned
maintenance-state-active = on now
maintenance-state-overdue = ⏰ past its expected end
maintenance-state-ended = ended
maintenance-admin-open-end = until ended
maintenance-admin-end = ⏹ End #{ $id }
maintenance-admin-cancel = ✖ Cancel #{ $id }
maintenance-admin-start = ➕ Start a maintenance window
maintenance-admin-ask-scope = 🛠 <b>New maintenance window</b>, on from the moment you confirm. What does it affect?
maintenance-admin-service = 🌐 The whole service
maintenance-admin-ask-message =
    Send what users are told (plain text, at most { $limit } characters): what is paused, and what they can do meanwhile.
    /cancel stops at any step.
maintenance-admin-text-only = Please send the message as text.
maintenance-admin-too-long = That is { $count } characters: at most { $limit }. Please send it shorter.
maintenance-admin-ask-end = When is it expected to end? Type a time in { $zone }: <code>04:00</code>, <code>2026-12-01 09:00</code>, <code>tomorrow 9:00</code>, <code>+2h</code>.
maintenance-admin-bad-time = I could not read that time. Try <code>04:00</code>, <code>2026-12-01 09:00</code>, <code>tomorrow 9:00</code> or <code>+2h</code>.
maintenance-admin-time-past = That time has passed. Please give the expected end, a time to come.
maintenance-admin-ask-announce = Announce it now to the users of { $scope }? (A broadcast; users who turned notices off are spared.)
maintenance-admin-announce-yes = 📣 Announce it
maintenance-admin-announce-no = Do not announce
maintenance-admin-preview =
    🛠 <b>Ready to start</b>
    Scope: { $scope }
    From: now
    Expected end: { $end }
    Announced: { $announce }
    What users are told:
    { $messages }
maintenance-admin-announced-yes = yes: its users are told now
maintenance-admin-announced-no = no
maintenance-admin-confirm = ✅ Start it
maintenance-admin-cancelled = Nothing was started.
maintenance-admin-started = 🛠 Maintenance started. The menu shows it, users reporting in its scope are told first, and /maintenance lists it with End.
maintenance-admin-ended = ✅ Maintenance #{ $id } ended: who asked, and who reported in its scope meanwhile, are told the service is back.
maintenance-admin-dropped = Maintenance #{ $id } cancelled: it had not begun.
maintenance-admin-report-first = You have a report under way. Finish it, or /cancel it, then send /maintenance again.
