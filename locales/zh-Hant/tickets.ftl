# kefu 的繁體中文文案：「我的工單」和工單狀態。

my-tickets-empty = 您還沒有工單。
my-tickets-title = 您的工單：
my-tickets-line = { $id } · { $category } · { $status } · { $date }
ticket-status-open = 已受理
ticket-status-waiting_agent = 等待客服處理
ticket-status-waiting_user = 等待您回覆
ticket-status-resolved = 已解決
ticket-status-closed = 已關閉
