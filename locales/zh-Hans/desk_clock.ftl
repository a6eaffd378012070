## 工单时钟、值班与评分
desk-sla-reminder = ⏰ { $id } 已等待 { $minutes } 分钟无人接单。值班：{ $agents }
desk-sla-reminder-nobody = ⏰ { $id } 已等待 { $minutes } 分钟无人接单，且当前无人值班（/duty）。
desk-sla-digest = ⏰ { $count } 个工单超过时限仍无人接单，最久已等 { $minutes } 分钟：{ $tickets }。值班：{ $agents }
desk-list-join = { $first }、{ $rest }
desk-auto-resolved = 用户未回复：{ $id } 已自动标记为已解决。
desk-rating-low = ⚠️ { $id } 获得低分：{ $score }/5。
desk-rating-comment = 用户为 { $id } 评分 { $score }/5，并留言：
desk-duty-on = 您已开始值班：提醒和非工作时间的告警会提及您。值班：{ $agents }
desk-duty-off = 您已结束值班。
desk-duty-nobody = 当前无人值班（/duty）
cmd-queue = 查看我的排队位置
cmd-desk-duty = 开始或结束值班（提醒会提及您）
desk-after-hours-alert = 🌙 非工作时间：{ $id } 需要立即处理。{ $agents }

## 排队与等待时间（根据最近工单的实际等待估算，不做固定承诺）
queue-place = 您目前排在第 { $position } 位，客服空闲后会尽快回复您。
queue-place-wait = 您目前排在第 { $position } 位，当前预计等待约 { $minutes } 分钟。
queue-after-hours = 客服现在不在线，将于 { $when } 回来。您排在第 { $position } 位，位置会保留；期间您可以在这里补充细节或截图，“我的工单”可查看工单。
queue-no-ticket = 您没有等待客服处理的工单。如需人工服务，请点菜单中的“联系人工客服”。
queue-ticket = 您的工单 <b>{ $id }</b>：
queue-taken = 客服已在处理您的工单 <b>{ $id }</b>，会在这里回复您。

## 提醒与工单结束
wait-user-reminder = 客服正在等待您对工单 <b>{ $id }</b> 的回复。如未收到回复，工单将于 { $by } 按已解决关闭；在这里留言即可保持开启。
ticket-auto-resolved = 由于未收到您的回复，工单 <b>{ $id }</b> 已按已解决关闭。如果问题仍然存在，在这里留言即可重新打开。

## 满意度
csat-ask = 请为本次服务评分：1（很差）到 5（很好）：
csat-thanks = 感谢您为 { $id } 评分：{ $score }/5。如需补充评价，请在几分钟内直接发送。
csat-already = 该工单已评分，谢谢！
csat-comment-kept = 谢谢，您对 { $id } 的评价已转达给我们的团队。
flood-notice = 您关于工单 <b>{ $id }</b> 的消息我们都已收到：为避免刷屏遗漏，您接下来发送的内容会在一两分钟内合并转给客服，无需重复发送。
