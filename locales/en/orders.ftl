# kefu's own strings in English: orders and payment channels.

channel-alipay = Alipay
channel-wechat = WeChat Pay
channel-bank_card = Bank card
channel-usdt_trc20 = USDT (TRC20)

order-status-awaiting_payment = ⏳ awaiting payment
order-status-paid_delivering = 🚚 paid, being delivered
order-status-delivered = ✅ delivered
order-status-failed = ❌ failed
order-status-refunded = ↩️ refunded

order-card = 📦 Order <b>{ $number }</b>: { $status }
order-card-what = { $product } · { $amount } · { $channel }
order-card-account = Account: { $account }
order-fetched = As the shop's system said at { $at }.
order-arrival = { $channel } payments take about { $minutes } min to arrive now; { $ahead } orders are ahead of yours.

order-channel-degraded = ⚠️ { $channel } is slow right now: payments made through it arrive late.
order-channel-down = ⛔ { $channel } is down right now: payments made through it arrive only once it recovers.
order-channel-recovery = Expected back to normal around { $at }.
order-channel-no-eta = No time for its recovery has been announced yet.
order-channel-watch = 🔔 Tell me when it recovers
order-channel-watching = I will tell you as soon as { $channel } is back to normal.
order-channel-recovered = ✅ { $channel } is back to normal: payments through it arrive as usual again.

order-check-intro = To show you order <b>{ $number }</b>, I need to make sure it is yours.
order-check-ask-phone_last4 = What are the last 4 digits of the phone number given with the order?
order-check-ask-amount = How much was paid for it (the amount only, e.g. 98.00)?
order-check-ask-email = What e-mail address was given with the order?
order-check-skip = Skip
order-check-text-only = Please answer in words or digits.
order-check-wrong = That does not match what the shop has on record. { $left ->
    [one] One try left.
   *[other] { $left } tries left.
}
order-check-cooling = Too many answers did not match. You can try again after { $at }. An agent can still help: tap “Talk to a person”.
order-check-skipped = All right, I will not show order { $number } here. An agent can see it if you file a report.

order-limited = You have looked up many orders in a short time. Please try again after { $at }.
order-unavailable = I can't reach the order system right now, so I can't show order { $number }. Please try again in a few minutes.
order-unavailable-report = I can't reach the order system right now, so I can't show order { $number }. Your report goes on: the agents will check the order themselves.
order-not-shown = I can't show order <b>{ $number }</b>: there is no order with that number for your account. Please check the number; if it is right, file a report and an agent will look into it.
order-usage = Send /order followed by the order number, e.g. <code>/order { $example }</code>.
order-bad-number = That does not look like an order number: letters, digits and dashes, 4 to 58 of them, e.g. <code>/order { $example }</code>.
order-recent = Your recent orders: tap one to see its status.
order-check-offer = 🔒 To see order <b>{ $number }</b>'s status here, confirm it is yours (two quick questions), or just go on with the report.
order-check-start = 🔒 Show this order's status

# The agents' side.
cmd-desk-order = Look up an order: /order number
desk-button-refresh-order = 🔄 Refresh order
desk-card-order-snapshot = 📦 Order: { $status } · { $amount } · { $channel } · account { $account } (as of { $at })
desk-card-order-failed = 📦 Order lookup failed at { $at }: the shop's system did not answer. Tap Refresh to try again.
desk-card-order-unknown = 📦 The shop has no order { $number } (as of { $at }).
desk-card-order-owner-linked = 🔐 The user's linked account owns it.
desk-card-order-owner-answered = 🔐 The user answered the ownership check.
desk-card-order-owner-unproven = ⚠️ The user has not shown the order is theirs.
desk-order-usage = Use: /order DM240003 (any order; agents see it without the ownership check, and each lookup is recorded).
desk-order-failed = The shop's system did not answer about order { $number }; try again in a minute.
desk-order-unknown = The shop has no order { $number }.
desk-order-none = This ticket names no order.
desk-order-refreshed = Order refreshed.
desk-order-refresh-unknown = Refreshed: the shop has no such order.
desk-order-refresh-failed = The shop's system did not answer; the card says so.

# Payment channels' trouble, incidents and late orders (the desk, the admins, users).
order-alert-degraded = ⚠️ Payment channel { $channel } is degraded: { $late }% of its orders are late, { $queue } waiting, about { $minutes } min to arrive.
order-alert-down = ⛔ Payment channel { $channel } is down: { $queue } orders waiting, about { $minutes } min to arrive.
order-alert-ok = ✅ Payment channel { $channel } is back to normal. Users who asked are being told.
order-alert-own-reading = (kefu's own reading: the shop says ok, but more than { $threshold }% of its orders are late.)
order-incident-topic = 🚨 { $channel } { $state ->
    [down] down
   *[other] slow
}
order-incident-opened = 🚨 Incident: { $channel } is { $state ->
    [down] down
   *[other] slow
}. { $count } open tickets name it; their users are told we know, and will hear when it recovers:
order-incident-more = { $count } more tickets name { $channel }:
order-incident-list = { $tickets }
order-incident-user = We know { $channel } is having trouble: payments made through it arrive late. Your ticket { $id } stays open, and I will tell you as soon as it recovers.
order-incident-over = ✅ { $channel } has recovered: { $count } users were told. Check the tickets listed here before resolving them.
order-late-desk = ⏰ Order { $number } is late: paid { $minutes } min ago, longer than { $channel } usually takes. Priority raised.
order-redelivery-desk-redelivered = 🔁 kefu asked the shop to deliver order { $number } again: delivered.
order-redelivery-desk-nothing = 🔁 kefu asked the shop to deliver order { $number } again: nothing to deliver (not paid, or delivered already).
order-redelivery-desk-failed = 🔁 kefu asked the shop to deliver order { $number } again, but the shop's system did not answer. Please check it by hand.
order-redelivery-user-redelivered = 📦 Your order { $number } was late, so we asked the shop to deliver it again: it has been delivered now. Please check your account.
order-redelivery-user-nothing = 📦 We checked your order { $number } with the shop: there was nothing it could deliver again. An agent will look into it.
desk-why-late = the order is late ({ $channel })
