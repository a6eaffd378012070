## 客服群的傳送額度：使用者排隊等候的訊息，一次轉來
desk-budget-merged = 📨 { $count } 則訊息，{ $first }–{ $last }
desk-budget-merged-at = 📨 { $count } 則訊息，{ $first }
