# 首次聯絡：垃圾訊息攔截到客服群的垃圾訊息話題，以及可選的驗證按鈕。

screening-received = 謝謝，您的訊息已收到。
screening-check = 歡迎！請點擊下方按鈕繼續。
screening-check-button = ✅ 繼續
screening-passed = 謝謝！請問有什麼可以幫您？

desk-spam-topic = 🚫 垃圾訊息
desk-spam-held = 🚫 { $name }（id { $id }）因包含「{ $word }」被攔截：
desk-spam-more = 🚫 { $name }（id { $id }，已攔截）又傳來：
desk-spam-release = ✅ 放行
desk-spam-released = ✅ { $name } 已放行：工單 { $id }。
desk-spam-released-short = 已放行：工單已建立。
desk-spam-not-held = 該使用者已不在攔截中，沒有做任何更改。
desk-reason-released = 由客服從垃圾訊息話題放行
desk-stats-checks = 首次聯絡驗證：要求 { $asked } · 通過 { $passed }
