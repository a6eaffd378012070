# kefu 的简体中文文案：“我的工单”和工单状态。

my-tickets-empty = 您还没有工单。
my-tickets-title = 您的工单：
my-tickets-line = { $id } · { $category } · { $status } · { $date }
ticket-status-open = 排队等待客服
ticket-status-new = 已收到
ticket-status-claimed = 客服处理中
ticket-status-waiting_user = 等待您回复
ticket-status-resolved = 已解决
ticket-status-closed = 已关闭
my-ticket-title = 🎫 <b>{ $id }</b> · { $category }
my-ticket-status = 状态：{ $status }
my-ticket-dates = 提交于 { $created } · 最近更新 { $updated }
my-ticket-close = 关闭此工单
my-ticket-closed = 工单 <b>{ $id }</b> 已关闭，谢谢！如有其他问题，随时给我们留言。
