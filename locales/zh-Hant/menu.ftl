# kefu 的繁體中文文案：問候、主選單和語言選擇。

start-greeting = 您好，{ $name }！我是客服助理。請選擇您遇到的問題類型，我會一次記下所有細節，免得反覆詢問。
menu-title = 請問需要什麼協助？
menu-my-tickets = 我的工單
menu-language = 語言
menu-main = 主選單
language-choose = 請選擇語言：
language-set = 語言已切換為繁體中文。
nothing-to-cancel = 目前沒有可以取消的操作。
