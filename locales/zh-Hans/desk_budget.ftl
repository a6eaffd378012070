## 客服群的发送额度：用户排队等候的消息，一次转来
desk-budget-merged = 📨 { $count } 条消息，{ $first }–{ $last }
desk-budget-merged-at = 📨 { $count } 条消息，{ $first }
