# kefu 的简体中文文案。运营内容（分类、表单、常见问题）在内容 YAML 中。

start-greeting = 您好，{ $name }！我是客服助手。请选择您遇到的问题类型，我会一次记下所有细节，免得反复询问。
menu-title = 请问需要什么帮助？
menu-my-tickets = 我的工单
menu-language = 语言
language-choose = 请选择语言：
language-set = 语言已切换为简体中文。
my-tickets-empty = 您还没有工单。
my-tickets-title = 您的工单：
my-tickets-line = { $id } · { $category } · { $status } · { $date }
category-chosen = 您选择了：{ $category }。问题报告表单即将上线，客服已经可以为您处理。
button-expired = 该按钮已失效，为您重新显示菜单。
unknown-input = 没看懂您的意思，请使用下方按钮。
text-too-long = 这条消息太长了（{ $length } 个字符），请控制在 { $limit } 个字符以内。
error-try-again = 我们这边出了点问题，请稍后再试。
cmd-start = 主菜单
cmd-language = 切换语言
cmd-cancel = 取消当前操作
ticket-status-open = 已受理
ticket-status-waiting_agent = 等待客服处理
ticket-status-waiting_user = 等待您回复
ticket-status-resolved = 已解决
ticket-status-closed = 已关闭
nothing-to-cancel = 当前没有可以取消的操作。
unknown-command = 不认识这个命令，为您显示菜单。
alert-group-forbidden = kefu 已无法在客服群 { $chat } 发言（{ $reason }）。工单会等待，请把机器人重新设为管理员。
