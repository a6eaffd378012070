# kefu's own strings in English: notices on or off (/notices), an admin's broadcast
# (/broadcast) and its progress.

cmd-notices = Notices: on or off
cmd-broadcast = Send a broadcast (admins)

notices-on = 🔔 You get our notices: planned maintenance, payment channels paused or back, and announcements.
notices-off = 🔕 You get none of our notices (planned maintenance, payment channels paused or back, announcements).
notices-now-on = 🔔 Notices are on again: you will hear about planned maintenance, payment channels paused or back, and announcements.
notices-now-off = 🔕 Notices are off: no more maintenance, payment channel or announcement messages.
notices-tickets-always = Answers about your own tickets always reach you, whatever you choose here.
notices-turn-off = Turn notices off
notices-turn-on = Turn notices on

broadcast-ask-message =
    📣 <b>New broadcast</b>
    Send the message users will get: a text (its formatting is kept), a photo or video with a caption, or an album of photos and videos.
    /cancel stops at any step.
broadcast-ask-variants =
    Message kept. Versions for other languages so far: { $languages }.
    Each user gets the version in their language, else this message. Add a version, or continue.
broadcast-ask-variant = Send the { $language } version: users whose language is { $language } get it instead of the main message.
broadcast-add-variant = Add { $language } version
broadcast-redo-variant = Replace { $language } version
broadcast-continue = Continue ▶
broadcast-back = ◀ Back
broadcast-cancel = ✖ Cancel
broadcast-media-refused = A broadcast can carry text, photos and videos only. Please send a text, a photo or video (with a caption if you like), or an album.
broadcast-empty = That message has no words. Please send some text, a photo or a video.
broadcast-album-too-big = An album holds at most 10 photos and videos.
broadcast-too-long = That is too long for Telegram: at most 4096 characters for a text, 1024 for a caption (formatting counts). Please send it shorter.
broadcast-ask-audience =
    Who should get it? Choose below, or type an audience:
    <code>all</code>, <code>locale:en</code>, <code>open-tickets</code>, <code>category:ID:DAYS</code>, <code>channel:ID:DAYS</code>, <code>asked:channel:ID</code>, <code>asked:window:ID</code>
    Users who blocked the bot or turned notices off are left out.
broadcast-audience-all = Everyone
broadcast-audience-locale = { $language } users
broadcast-audience-open = Users with open tickets
broadcast-audience-category = { $category } ({ $days ->
    [one] last day
   *[other] last { $days } days
})
broadcast-audience-channel = Reported { $channel } ({ $days ->
    [one] last day
   *[other] last { $days } days
})
broadcast-audience-asked = Asked about { $channel }
broadcast-audience-window = Asked about maintenance { $window }
broadcast-bad-locale = <code>{ $spec }</code>: the language must be en, zh-Hans or zh-Hant.
broadcast-bad-audience = <code>{ $spec }</code> is not an audience I know.
broadcast-bad-days = <code>{ $spec }</code>: the days must be a whole number from 1 to 365.
broadcast-bad-category = <code>{ $spec }</code>: there is no such category.
broadcast-ask-when = When should it go? Press Now, or type a time in { $zone }: <code>21:30</code>, <code>2026-12-01 09:00</code>, <code>tomorrow 9:00</code>, <code>+2h</code>.
broadcast-now = Now
broadcast-bad-time = I could not read that time. Try <code>21:30</code>, <code>2026-12-01 09:00</code>, <code>tomorrow 9:00</code> or <code>+30m</code>.
broadcast-time-past = That time has passed. Please give a time to come, or press Now.
broadcast-time-too-far = That is more than 90 days ahead. Please give a nearer time.
broadcast-preview-single = ☝️ Above: the message as users will see it.
broadcast-preview-variants = ☝️ Above: the message as users will see it, then its versions for { $languages }.
broadcast-preview-media = 📎 With { $photos ->
    [0] no photo
    [one] 1 photo
   *[other] { $photos } photos
} and { $videos ->
    [0] no video
    [one] 1 video
   *[other] { $videos } videos
}; the caption:
broadcast-preview =
    📣 <b>Ready to send</b>
    Audience: { $audience } (<code>{ $spec }</code>)
    Recipients now: { $count }
    When: { $when }
broadcast-when-now = now
broadcast-confirm = ✅ Confirm
broadcast-queued = 📣 Broadcast queued. Its progress follows below.
broadcast-cancelled = Broadcast cancelled: nothing was sent.
broadcast-report-first = You have a report under way. Finish it, or /cancel it, then send /broadcast again.

broadcast-progress =
    📣 <b>Broadcast #{ $id }</b> to <code>{ $audience }</code>: { $state }
    Sent { $sent } · blocked { $blocked } · failed { $failed } · remaining { $remaining }
    Rate: { $rate } msg/s · ETA: { $eta }
broadcast-state-scheduled = scheduled
broadcast-state-running = sending
broadcast-state-paused = paused
broadcast-state-cancelled = cancelled
broadcast-state-done = done
broadcast-pause = ⏸ Pause
broadcast-resume = ▶ Resume
broadcast-stop = ✖ Cancel
broadcast-pausing = Pausing…
broadcast-resuming = Resuming…
broadcast-cancelling = Cancelling…
