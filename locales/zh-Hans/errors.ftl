# kefu 的简体中文文案：无效输入、错误和告警。

button-expired = 该按钮已失效，为您重新显示菜单。
unknown-input = 没看懂您的意思，请使用下方按钮。
unknown-command = 不认识这个命令，为您显示菜单。
text-too-long = 这条消息太长了（{ $length } 个字符），请控制在 { $limit } 个字符以内。
error-try-again = 我们这边出了点问题，请稍后再试。
alert-group-forbidden = kefu 已无法在客服群 { $chat } 发言（{ $reason }）。工单会等待，请把机器人重新设为管理员。
error-not-delivered = 有一条给您的回复未能送达（Telegram 持续拒绝）。如果您仍在等待答复，请重新发送您的上一条消息。
alert-desk-message-failed = 一条发往客服会话 { $chat } 的消息未能送达，已放弃发送（{ $reason }）。请检查客服群；工单详情仍保存在 kefu 中。
alert-group-back = 客服群 { $chat } 已恢复：{ $count } 条待发消息正在发送。
error-not-passed-on = 这类消息无法转交给客服团队。请用文字描述，或发送截图。
