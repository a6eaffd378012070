# kefu 的繁體中文文案：「我的工單」和工單狀態。

my-tickets-empty = 您還沒有工單。
my-tickets-title = 您的工單：
my-tickets-line = { $id } · { $category } · { $status } · { $date }
ticket-status-open = 排隊等待客服
ticket-status-new = 已收到
ticket-status-claimed = 客服處理中
ticket-status-waiting_user = 等待您回覆
ticket-status-resolved = 已解決
ticket-status-closed = 已關閉
my-ticket-title = 🎫 <b>{ $id }</b> · { $category }
my-ticket-status = 狀態：{ $status }
my-ticket-dates = 提交於 { $created } · 最近更新 { $updated }
my-ticket-close = 關閉此工單
my-ticket-closed = 工單 <b>{ $id }</b> 已關閉，謝謝！如有其他問題，隨時給我們留言。
