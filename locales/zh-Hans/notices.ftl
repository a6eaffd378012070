# kefu 的简体中文文案：通知开关（/notices）、管理员的群发（/broadcast）及其进度。

cmd-notices = 通知：开启或关闭
cmd-broadcast = 发送群发消息（管理员）

notices-on = 🔔 您会收到我们的通知：计划维护、支付渠道暂停或恢复、公告。
notices-off = 🔕 您不会收到我们的任何通知（计划维护、支付渠道暂停或恢复、公告）。
notices-now-on = 🔔 通知已重新开启：您会收到计划维护、支付渠道暂停或恢复以及公告的消息。
notices-now-off = 🔕 通知已关闭：不再发送维护、支付渠道和公告消息。
notices-tickets-always = 无论这里如何选择，关于您自己工单的回复都会照常送达。
notices-turn-off = 关闭通知
notices-turn-on = 开启通知

broadcast-ask-message =
    📣 <b>新建群发</b>
    请发送用户将收到的消息：文字（保留格式）、带说明的图片或视频，或由图片和视频组成的相册。
    任何一步都可以发送 /cancel 停止。
broadcast-ask-variants =
    消息已保存。目前其他语言的版本：{ $languages }。
    每位用户收到自己语言的版本，没有则收到这条消息。可以添加版本，或继续。
broadcast-ask-variant = 请发送{ $language }版本：语言为{ $language }的用户将收到它，而不是主消息。
broadcast-add-variant = 添加{ $language }版本
broadcast-redo-variant = 替换{ $language }版本
broadcast-continue = 继续 ▶
broadcast-back = ◀ 返回
broadcast-cancel = ✖ 取消
broadcast-media-refused = 群发只能包含文字、图片和视频。请发送文字、图片或视频（可带说明），或相册。
broadcast-empty = 这条消息没有内容。请发送文字、图片或视频。
broadcast-album-too-big = 相册最多包含 10 张图片和视频。
broadcast-too-long = 内容超出 Telegram 的限制：文字最多 4096 个字符，说明最多 1024 个字符（格式也计算在内）。请缩短后再发送。
broadcast-ask-audience =
    发给谁？请在下方选择，或输入受众：
    <code>all</code>、<code>locale:en</code>、<code>open-tickets</code>、<code>category:ID:天数</code>、<code>channel:ID:天数</code>、<code>asked:channel:ID</code>、<code>asked:window:ID</code>
    已屏蔽机器人或关闭通知的用户不在其中。
broadcast-audience-all = 所有人
broadcast-audience-locale = { $language }用户
broadcast-audience-open = 有未结工单的用户
broadcast-audience-category = { $category }（最近 { $days } 天）
broadcast-audience-channel = 反馈过{ $channel }（最近 { $days } 天）
broadcast-audience-asked = 询问过{ $channel }
broadcast-audience-window = 询问过维护 { $window }
broadcast-bad-locale = <code>{ $spec }</code>：语言必须是 en、zh-Hans 或 zh-Hant。
broadcast-bad-audience = <code>{ $spec }</code> 不是可识别的受众。
broadcast-bad-days = <code>{ $spec }</code>：天数必须是 1 到 365 之间的整数。
broadcast-bad-category = <code>{ $spec }</code>：没有这个类别。
broadcast-ask-when = 什么时候发送？请按“立即”，或输入时间（{ $zone }）：<code>21:30</code>、<code>2026-12-01 09:00</code>、<code>明天 9:00</code>、<code>+2h</code>。
broadcast-now = 立即
broadcast-bad-time = 无法识别这个时间。可以试试 <code>21:30</code>、<code>2026-12-01 09:00</code>、<code>明天 9:00</code> 或 <code>+30m</code>。
broadcast-time-past = 这个时间已经过去。请输入将来的时间，或按“立即”。
broadcast-time-too-far = 这个时间超过 90 天以后。请输入更近的时间。
broadcast-preview-single = ☝️ 上方：用户将看到的消息。
broadcast-preview-variants = ☝️ 上方：用户将看到的消息，以及{ $languages }版本。
broadcast-preview-media = 📎 含 { $photos } 张图片和 { $videos } 个视频；说明如下：
broadcast-preview =
    📣 <b>准备发送</b>
    受众：{ $audience }（<code>{ $spec }</code>）
    当前收件人：{ $count }
    时间：{ $when }
broadcast-when-now = 立即
broadcast-confirm = ✅ 确认
broadcast-queued = 📣 群发已排队，进度见下方。
broadcast-cancelled = 群发已取消，没有发送任何内容。
broadcast-report-first = 您有一份正在填写的回报。请先完成或 /cancel 取消，然后再发送 /broadcast。

broadcast-progress =
    📣 <b>群发 #{ $id }</b> 发给 <code>{ $audience }</code>：{ $state }
    已发送 { $sent } · 已屏蔽 { $blocked } · 失败 { $failed } · 剩余 { $remaining }
    速度：{ $rate } 条/秒 · 预计剩余：{ $eta }
broadcast-state-scheduled = 已计划
broadcast-state-running = 发送中
broadcast-state-paused = 已暂停
broadcast-state-cancelled = 已取消
broadcast-state-done = 已完成
broadcast-pause = ⏸ 暂停
broadcast-resume = ▶ 继续
broadcast-stop = ✖ 取消
broadcast-pausing = 正在暂停…
broadcast-resuming = 正在继续…
broadcast-cancelling = 正在取消…
