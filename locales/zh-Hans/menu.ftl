# kefu 的简体中文文案：问候、主菜单和语言选择。

start-greeting = 您好，{ $name }！我是客服助手。请选择您遇到的问题类型，我会一次记下所有细节，免得反复询问。
menu-title = 请问需要什么帮助？
menu-my-tickets = 我的工单
menu-language = 语言
menu-main = 主菜单
language-choose = 请选择语言：
language-set = 语言已切换为简体中文。
nothing-to-cancel = 当前没有可以取消的操作。
