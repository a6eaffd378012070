## 維護時段：告訴使用者的話，以及給管理員的提醒
maintenance-starts = 🛠 <b>計畫維護</b>：{ $start } 開始
maintenance-under-way = 🛠 <b>正在維護</b>
maintenance-expected-end = 預計 { $end } 結束。
maintenance-no-end = 暫無結束時間：維護仍在進行。
maintenance-restored = ✅ <b>服務已恢復。</b>維護已結束：
    { $message }
    感謝您的耐心等候。如仍有問題，直接在這裡留言給我們即可。
maintenance-overdue-admin = ⏰ 維護時段 #{ $id }（{ $scope }）已超過預計結束時間（{ $end }），但還沒有人結束它：使用者看到的仍是「正在維護」。維護結束後，請用 <code>kefu maintenance end { $id }</code> 或 /maintenance 結束它，之前詢問過的使用者會收到服務恢復的通知。

## 維護進行時使用者看到的內容（選單橫幅、先行告知、知識庫文章）
cmd-maintenance = 維護時段（管理員）
maintenance-scope-service = 全部服務
maintenance-scope-channel = { $channel }付款
maintenance-window =
    🛠 <b>維護：{ $scope }</b>
    { $message }
    { $when }
maintenance-overdue = ⏳ 維護時間比預告的長：仍在進行中，暫無新的結束時間。
maintenance-none-now = ✅ 目前沒有進行中的維護。
maintenance-told-first = ⚠️ 繼續之前請注意：您要回報的內容正受到維護影響。
maintenance-go-on = 您仍可送出回報：請點選「繼續填寫」。也可以點選「維護結束時通知我」，結束後我們會在這裡通知您。
maintenance-go-on-money = 未到帳的款項一定會有真人處理：可以立即轉交真人客服，也可以繼續填寫。點選「維護結束時通知我」，結束後我們會在這裡通知您。
maintenance-continue = ▶ 繼續填寫
maintenance-tell-me = 🔔 維護結束時通知我
maintenance-tell-me-scope = 🔔 { $scope }恢復時通知我
maintenance-to-person = 🙋 立即轉交真人客服
maintenance-wish-noted = 🔔 已記下：維護一結束，我們就在這裡通知您。
maintenance-avoid =
    ⚠️ <b>計畫維護：{ $scope }</b>，{ $start } 至 { $end }。
    { $message }
    請避免在此期間使用{ $channel }付款。您可以繼續填寫回報。
maintenance-avoid-no-end =
    ⚠️ <b>計畫維護：{ $scope }</b>，{ $start } 開始。
    { $message }
    請避免在此之後、維護結束之前使用{ $channel }付款。您可以繼續填寫回報。

## 管理員的 /maintenance
maintenance-admin-title = 🛠 <b>維護時段</b>
maintenance-admin-none = 目前沒有進行中或計畫中的維護時段。
maintenance-admin-line =
    <b>#{ $id }</b> · { $scope } · { $state }
    { $start } → { $end }
    { $message }
maintenance-state-scheduled = 計畫中
maintenance-state-active = 進行中
maintenance-state-overdue = ⏰ 已超過預計結束時間
maintenance-state-ended = 已結束
maintenance-admin-open-end = 直到手動結束
maintenance-admin-end = ⏹ 結束 #{ $id }
maintenance-admin-cancel = ✖ 取消 #{ $id }
maintenance-admin-start = ➕ 開始維護時段
maintenance-admin-ask-scope = 🛠 <b>新的維護時段</b>，確認後立即開始。它影響哪些內容？
maintenance-admin-service = 🌐 全部服務
maintenance-admin-ask-message =
    請傳送告訴使用者的話（純文字，最多 { $limit } 個字元）：哪些功能暫停，以及這段期間使用者可以怎麼做。
    任何一步都可以用 /cancel 取消。
maintenance-admin-text-only = 請以文字傳送這則訊息。
maintenance-admin-too-long = 這則有 { $count } 個字元，最多 { $limit } 個。請縮短後再傳送。
maintenance-admin-ask-end = 預計何時結束？請輸入 { $zone } 時間：<code>04:00</code>、<code>2026-12-01 09:00</code>、<code>明天 9:00</code>、<code>+2h</code>。
maintenance-admin-bad-time = 無法辨識這個時間。可以試試 <code>04:00</code>、<code>2026-12-01 09:00</code>、<code>明天 9:00</code> 或 <code>+2h</code>。
maintenance-admin-time-past = 這個時間已經過去了。請填寫預計結束時間（一個將來的時間）。
maintenance-admin-ask-announce = 現在就向{ $scope }的使用者發布公告嗎？（群發；關閉通知的使用者不會收到。）
maintenance-admin-announce-yes = 📣 發布公告
maintenance-admin-announce-no = 不發布
maintenance-admin-preview =
    🛠 <b>準備開始</b>
    範圍：{ $scope }
    開始：現在
    預計結束：{ $end }
    發布公告：{ $announce }
    告訴使用者的話：
    { $messages }
maintenance-admin-announced-yes = 是：現在通知其使用者
maintenance-admin-announced-no = 否
maintenance-admin-confirm = ✅ 開始
maintenance-admin-cancelled = 未開始任何維護。
maintenance-admin-started = 🛠 維護已開始。選單會顯示它，在其範圍內回報的使用者會先被告知；/maintenance 可查看並結束它。
maintenance-admin-ended = ✅ 維護 #{ $id } 已結束：詢問過的使用者，以及期間在其範圍內回報過的使用者，會收到服務恢復的通知。
maintenance-admin-dropped = 維護 #{ $id } 已取消：它尚未開始。
maintenance-admin-report-first = 您有一份回報正在填寫。請先完成或用 /cancel 取消，然後再傳送 /maintenance。
