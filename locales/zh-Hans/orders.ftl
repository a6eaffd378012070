# kefu 的简体中文文案：订单与支付渠道。

channel-alipay = 支付宝
channel-wechat = 微信支付
channel-bank_card = 银行卡
channel-usdt_trc20 = USDT（TRC20）

order-status-awaiting_payment = ⏳ 待支付
order-status-paid_delivering = 🚚 已支付，发货中
order-status-delivered = ✅ 已到账
order-status-failed = ❌ 失败
order-status-refunded = ↩️ 已退款

order-card = 📦 订单 <b>{ $number }</b>：{ $status }
order-card-what = { $product } · { $amount } · { $channel }
order-card-account = 账号：{ $account }
order-fetched = 以上为商城系统在 { $at } 的记录。
order-arrival = { $channel } 目前平均约 { $minutes } 分钟到账；您前面还有 { $ahead } 笔订单。

order-channel-degraded = ⚠️ { $channel } 目前较慢：通过它支付的款项会延迟到账。
order-channel-down = ⛔ { $channel } 目前暂停：通过它支付的款项要等恢复后才会到账。
order-channel-recovery = 预计在 { $at } 左右恢复正常。
order-channel-no-eta = 暂未公布恢复时间。
order-channel-watch = 🔔 恢复后通知我
order-channel-watching = { $channel } 一恢复正常，我就通知您。
order-channel-recovered = ✅ { $channel } 已恢复正常，款项会照常到账。

order-check-intro = 为了向您显示订单 <b>{ $number }</b>，需要先确认这是您的订单。
order-check-ask-phone_last4 = 下单时填写的手机号后 4 位是多少？
order-check-ask-amount = 这笔订单支付了多少钱（只填金额，例如 98.00）？
order-check-ask-email = 下单时填写的邮箱是什么？
order-check-skip = 跳过
order-check-text-only = 请用文字或数字回答。
order-check-wrong = 与商城记录不符。还可以再试 { $left } 次。
order-check-cooling = 多次回答不符。请在 { $at } 之后再试。您仍可点“联系人工客服”寻求帮助。
order-check-skipped = 好的，这里不显示订单 { $number }。提交报告后客服可以查看。

order-limited = 您在短时间内查询了太多订单，请在 { $at } 之后再试。
order-unavailable = 暂时无法连接订单系统，无法显示订单 { $number }。请过几分钟再试。
order-unavailable-report = 暂时无法连接订单系统，无法显示订单 { $number }。您的报告会继续提交，客服会亲自核查这笔订单。
order-not-shown = 无法显示订单 <b>{ $number }</b>：您的账号下没有这个订单号。请核对订单号；如果确认无误，请提交报告，客服会为您核查。
order-usage = 请发送 /order 加订单号，例如 <code>/order { $example }</code>。
order-bad-number = 这看起来不像订单号：应为 4 到 58 个字母、数字或短横线，例如 <code>/order { $example }</code>。
order-recent = 您最近的订单：点击查看状态。
order-check-offer = 🔒 如需在这里查看订单 <b>{ $number }</b> 的状态，请先确认这是您的订单（两个简单问题）；也可以直接继续填写报告。
order-check-start = 🔒 查看这笔订单的状态

# 客服一侧。
cmd-desk-order = 查询订单：/order 订单号
desk-button-refresh-order = 🔄 刷新订单
desk-card-order-snapshot = 📦 订单：{ $status } · { $amount } · { $channel } · 账号 { $account }（{ $at } 的记录）
desk-card-order-failed = 📦 { $at } 查询订单失败：商城系统没有响应。点“刷新订单”重试。
desk-card-order-unknown = 📦 商城没有订单 { $number }（{ $at } 的记录）。
desk-card-order-owner-linked = 🔐 订单属于用户绑定的账号。
desk-card-order-owner-answered = 🔐 用户已通过订单归属验证。
desk-card-order-owner-unproven = ⚠️ 用户尚未证明这是自己的订单。
desk-order-usage = 用法：/order DM240003（可查任意订单，客服无需归属验证，每次查询都会记录）。
desk-order-failed = 商城系统没有响应订单 { $number } 的查询，请稍后再试。
desk-order-unknown = 商城没有订单 { $number }。
desk-order-none = 这张工单没有关联订单。
desk-order-refreshed = 订单已刷新。
desk-order-refresh-unknown = 已刷新：商城没有这个订单。
desk-order-refresh-failed = 商城系统没有响应，卡片上已注明。

# 支付渠道异常、事件与延迟订单（客服台、管理员、用户）。
order-alert-degraded = ⚠️ 支付渠道 { $channel } 异常变慢：{ $late }% 的订单延迟，{ $queue } 笔在排队，平均约 { $minutes } 分钟到账。
order-alert-down = ⛔ 支付渠道 { $channel } 暂停：{ $queue } 笔订单在排队，平均约 { $minutes } 分钟到账。
order-alert-ok = ✅ 支付渠道 { $channel } 已恢复正常，正在通知登记过的用户。
order-alert-own-reading = （kefu 自己的判断：商城显示正常，但超过 { $threshold }% 的订单延迟。）
order-incident-topic = 🚨 { $channel }{ $state ->
    [down] 暂停
   *[other] 变慢
}
order-incident-opened = 🚨 事件：{ $channel }{ $state ->
    [down] 暂停
   *[other] 变慢
}。有 { $count } 张未结工单与其相关；已告知这些用户我们知情，恢复后会通知他们：
order-incident-more = 又有 { $count } 张工单与 { $channel } 相关：
order-incident-list = { $tickets }
order-incident-user = 我们已知道 { $channel } 出现异常：通过它支付的款项会延迟到账。您的工单 { $id } 会保持打开，恢复后我会第一时间通知您。
order-incident-over = ✅ { $channel } 已恢复：已通知 { $count } 位用户。结单前请核查这里列出的工单。
order-late-desk = ⏰ 订单 { $number } 延迟：已支付 { $minutes } 分钟，超过 { $channel } 的正常到账时间。已提高优先级。
order-redelivery-desk-redelivered = 🔁 kefu 已请商城重新发货订单 { $number }：已发货。
order-redelivery-desk-nothing = 🔁 kefu 已请商城重新发货订单 { $number }：没有可重发的内容（未支付或已发货）。
order-redelivery-desk-failed = 🔁 kefu 请商城重新发货订单 { $number }，但商城系统没有响应，请人工核查。
order-redelivery-user-redelivered = 📦 您的订单 { $number } 到账延迟，我们已请商城重新发货：现已发货，请查看您的账号。
order-redelivery-user-nothing = 📦 我们已向商城核查您的订单 { $number }：没有可以重新发货的内容。客服会继续跟进。
desk-why-late = 订单延迟（{ $channel }）
