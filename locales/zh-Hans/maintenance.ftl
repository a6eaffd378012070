## 维护窗口：告诉用户的话，以及给管理员的提醒
maintenance-starts = 🛠 <b>计划维护</b>：{ $start } 开始
maintenance-under-way = 🛠 <b>正在维护</b>
maintenance-expected-end = 预计 { $end } 结束。
maintenance-no-end = 暂无结束时间：维护仍在进行。
maintenance-restored = ✅ <b>服务已恢复。</b>维护已结束：
    { $message }
    感谢您的耐心等待。如仍有问题，直接在这里给我们留言即可。
maintenance-overdue-admin = ⏰ 维护窗口 #{ $id }（{ $scope }）已超过预计结束时间（{ $end }），但还没有人结束它：用户看到的仍是「正在维护」。维护结束后，请用 <code>kefu maintenance end { $id }</code> 或 /maintenance 结束它，之前询问过的用户会收到服务恢复的通知。

## 维护进行时用户看到的内容（菜单横幅、先行告知、知识库文章）
cmd-maintenance = 维护窗口（管理员）
maintenance-scope-service = 全部服务
maintenance-scope-channel = { $channel }支付
maintenance-window =
    🛠 <b>维护：{ $scope }</b>
    { $message }
    { $when }
maintenance-overdue = ⏳ 维护时间比预告的长：仍在进行中，暂无新的结束时间。
maintenance-none-now = ✅ 目前没有进行中的维护。
maintenance-told-first = ⚠️ 继续之前请注意：您要反馈的内容正受到维护影响。
maintenance-go-on = 您仍可提交反馈：请点击「继续填写」。也可以点击「维护结束时通知我」，结束后我们会在这里通知您。
maintenance-go-on-money = 未到账的款项一定会有人工处理：可以立即转交人工客服，也可以继续填写。点击「维护结束时通知我」，结束后我们会在这里通知您。
maintenance-continue = ▶ 继续填写
maintenance-tell-me = 🔔 维护结束时通知我
maintenance-tell-me-scope = 🔔 { $scope }恢复时通知我
maintenance-to-person = 🙋 立即转交人工客服
maintenance-wish-noted = 🔔 已记下：维护一结束，我们就在这里通知您。
maintenance-avoid =
    ⚠️ <b>计划维护：{ $scope }</b>，{ $start } 至 { $end }。
    { $message }
    请避免在此期间使用{ $channel }付款。您可以继续填写反馈。
maintenance-avoid-no-end =
    ⚠️ <b>计划维护：{ $scope }</b>，{ $start } 开始。
    { $message }
    请避免在此之后、维护结束之前使用{ $channel }付款。您可以继续填写反馈。

## 管理员的 /maintenance
maintenance-admin-title = 🛠 <b>维护窗口</b>
maintenance-admin-none = 目前没有进行中或计划中的维护窗口。
maintenance-admin-line =
    <b>#{ $id }</b> · { $scope } · { $state }
    { $start } → { $end }
    { $message }
maintenance-state-scheduled = 计划中
maintenance-state-active = 进行中
maintenance-state-overdue = ⏰ 已超过预计结束时间
maintenance-state-ended = 已结束
maintenance-admin-open-end = 直到手动结束
maintenance-admin-end = ⏹ 结束 #{ $id }
maintenance-admin-cancel = ✖ 取消 #{ $id }
maintenance-admin-start = ➕ 开始维护窗口
maintenance-admin-ask-scope = 🛠 <b>新的维护窗口</b>，确认后立即开始。它影响哪些内容？
maintenance-admin-service = 🌐 全部服务
maintenance-admin-ask-message =
    请发送告诉用户的话（纯文本，最多 { $limit } 个字符）：哪些功能暂停，以及这期间用户可以怎么做。
    任何一步都可以用 /cancel 取消。
maintenance-admin-text-only = 请以文字发送这条消息。
maintenance-admin-too-long = 这条有 { $count } 个字符，最多 { $limit } 个。请缩短后再发送。
maintenance-admin-ask-end = 预计何时结束？请输入 { $zone } 时间：<code>04:00</code>、<code>2026-12-01 09:00</code>、<code>明天 9:00</code>、<code>+2h</code>。
maintenance-admin-bad-time = 无法识别这个时间。可以试试 <code>04:00</code>、<code>2026-12-01 09:00</code>、<code>明天 9:00</code> 或 <code>+2h</code>。
maintenance-admin-time-past = 这个时间已经过去了。请填写预计结束时间（一个将来的时间）。
maintenance-admin-ask-announce = 现在就向{ $scope }的用户发布公告吗？（群发；关闭通知的用户不会收到。）
maintenance-admin-announce-yes = 📣 发布公告
maintenance-admin-announce-no = 不发布
maintenance-admin-preview =
    🛠 <b>准备开始</b>
    范围：{ $scope }
    开始：现在
    预计结束：{ $end }
    发布公告：{ $announce }
    告诉用户的话：
    { $messages }
maintenance-admin-announced-yes = 是：现在通知其用户
maintenance-admin-announced-no = 否
maintenance-admin-confirm = ✅ 开始
maintenance-admin-cancelled = 未开始任何维护。
maintenance-admin-started = 🛠 维护已开始。菜单会显示它，在其范围内反馈的用户会先被告知；/maintenance 可查看并结束它。
maintenance-admin-ended = ✅ 维护 #{ $id } 已结束：询问过的用户，以及期间在其范围内反馈过的用户，会收到服务恢复的通知。
maintenance-admin-dropped = 维护 #{ $id } 已取消：它尚未开始。
maintenance-admin-report-first = 您有一份反馈正在填写。请先完成或用 /cancel 取消，然后再发送 /maintenance。
