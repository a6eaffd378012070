# kefu 的简体中文文案：无效输入、错误和告警。

button-expired = 该按钮已失效，为您重新显示菜单。
unknown-input = 没看懂您的意思，请使用下方按钮。
unknown-command = 不认识这个命令，为您显示菜单。
text-too-long = 这条消息太长了（{ $length } 个字符），请控制在 { $limit } 个字符以内。
error-try-again = 我们这边出了点问题，请稍后再试。
alert-group-forbidden = kefu 已无法在客服群 { $chat } 发言（{ $reason }）。工单会等待，请把机器人重新设为管理员。
