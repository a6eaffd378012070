# kefu 的繁體中文文案。營運內容（分類、表單、常見問題）在內容 YAML 中。

start-greeting = 您好，{ $name }！我是客服助理。請選擇您遇到的問題類型，我會一次記下所有細節，免得反覆詢問。
menu-title = 請問需要什麼協助？
menu-my-tickets = 我的工單
menu-language = 語言
language-choose = 請選擇語言：
language-set = 語言已切換為繁體中文。
my-tickets-empty = 您還沒有工單。
my-tickets-title = 您的工單：
my-tickets-line = { $id } · { $category } · { $status } · { $date }
category-chosen = 您選擇了：{ $category }。問題回報表單即將上線，客服已經可以為您處理。
button-expired = 該按鈕已失效，為您重新顯示選單。
unknown-input = 沒看懂您的意思，請使用下方按鈕。
text-too-long = 這則訊息太長了（{ $length } 個字元），請控制在 { $limit } 個字元以內。
error-try-again = 我們這邊出了點問題，請稍後再試。
cmd-start = 主選單
cmd-language = 切換語言
cmd-cancel = 取消目前操作
ticket-status-open = 已受理
ticket-status-waiting_agent = 等待客服處理
ticket-status-waiting_user = 等待您回覆
ticket-status-resolved = 已解決
ticket-status-closed = 已關閉
nothing-to-cancel = 目前沒有可以取消的操作。
unknown-command = 不認識這個指令，為您顯示選單。
alert-group-forbidden = kefu 已無法在客服群組 { $chat } 發言（{ $reason }）。工單會等待，請把機器人重新設為管理員。
