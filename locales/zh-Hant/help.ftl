# kefu 的繁體中文文案：/help 和指令選單。

help =
    <b>我能做什麼</b>
    • <b>回報問題</b>：在選單中選擇問題類型，我會逐項詢問細節，請您核對摘要後，為客服團隊建立工單。
    • <b>我的工單</b>：查看您的工單及其進度。
    • <b>語言</b>：English、简体中文或繁體中文。

    <b>指令</b>
    /start — 主選單
    /help — 本說明
    /cancel — 取消正在填寫的回報
    /language — 切換語言
    /order — 查詢訂單狀態（例如 /order DM240003）
cmd-start = 主選單
cmd-help = 使用說明
cmd-language = 切換語言
cmd-cancel = 取消目前操作
cmd-order = 查詢訂單狀態
