# kefu 的繁體中文文案：通知開關（/notices）、管理員的群發（/broadcast）及其進度。

cmd-notices = 通知：開啟或關閉
cmd-broadcast = 傳送群發訊息（管理員）

notices-on = 🔔 您會收到我們的通知：計劃維護、支付管道暫停或恢復、公告。
notices-off = 🔕 您不會收到我們的任何通知（計劃維護、支付管道暫停或恢復、公告）。
notices-now-on = 🔔 通知已重新開啟：您會收到計劃維護、支付管道暫停或恢復以及公告的訊息。
notices-now-off = 🔕 通知已關閉：不再傳送維護、支付管道和公告訊息。
notices-tickets-always = 無論這裡如何選擇，關於您自己工單的回覆都會照常送達。
notices-turn-off = 關閉通知
notices-turn-on = 開啟通知

broadcast-ask-message =
    📣 <b>新增群發</b>
    請傳送使用者將收到的訊息：文字（保留格式）、附說明的圖片或影片，或由圖片和影片組成的相簿。
    任何一步都可以傳送 /cancel 停止。
broadcast-ask-variants =
    訊息已儲存。目前其他語言的版本：{ $languages }。
    每位使用者收到自己語言的版本，沒有則收到這則訊息。可以新增版本，或繼續。
broadcast-ask-variant = 請傳送{ $language }版本：語言為{ $language }的使用者將收到它，而不是主訊息。
broadcast-add-variant = 新增{ $language }版本
broadcast-redo-variant = 取代{ $language }版本
broadcast-continue = 繼續 ▶
broadcast-back = ◀ 返回
broadcast-cancel = ✖ 取消
broadcast-media-refused = 群發只能包含文字、圖片和影片。請傳送文字、圖片或影片（可附說明），或相簿。
broadcast-empty = 這則訊息沒有內容。請傳送文字、圖片或影片。
broadcast-album-too-big = 相簿最多包含 10 張圖片和影片。
broadcast-too-long = 內容超出 Telegram 的限制：文字最多 4096 個字元，說明最多 1024 個字元（格式也計算在內）。請縮短後再傳送。
broadcast-ask-audience =
    發給誰？請在下方選擇，或輸入受眾：
    <code>all</code>、<code>locale:en</code>、<code>open-tickets</code>、<code>category:ID:天數</code>、<code>channel:ID:天數</code>、<code>asked:channel:ID</code>、<code>asked:window:ID</code>
    已封鎖機器人或關閉通知的使用者不在其中。
broadcast-audience-all = 所有人
broadcast-audience-locale = { $language }使用者
broadcast-audience-open = 有未結工單的使用者
broadcast-audience-category = { $category }（最近 { $days } 天）
broadcast-audience-channel = 回報過{ $channel }（最近 { $days } 天）
broadcast-audience-asked = 詢問過{ $channel }
broadcast-audience-window = 詢問過維護 { $window }
broadcast-bad-locale = <code>{ $spec }</code>：語言必須是 en、zh-Hans 或 zh-Hant。
broadcast-bad-audience = <code>{ $spec }</code> 不是可辨識的受眾。
broadcast-bad-days = <code>{ $spec }</code>：天數必須是 1 到 365 之間的整數。
broadcast-bad-category = <code>{ $spec }</code>：沒有這個類別。
broadcast-ask-when = 什麼時候傳送？請按「立即」，或輸入時間（{ $zone }）：<code>21:30</code>、<code>2026-12-01 09:00</code>、<code>明天 9:00</code>、<code>+2h</code>。
broadcast-now = 立即
broadcast-bad-time = 無法辨識這個時間。可以試試 <code>21:30</code>、<code>2026-12-01 09:00</code>、<code>明天 9:00</code> 或 <code>+30m</code>。
broadcast-time-past = 這個時間已經過去。請輸入將來的時間，或按「立即」。
broadcast-time-too-far = 這個時間超過 90 天以後。請輸入更近的時間。
broadcast-preview-single = ☝️ 上方：使用者將看到的訊息。
broadcast-preview-variants = ☝️ 上方：使用者將看到的訊息，以及{ $languages }版本。
broadcast-preview-media = 📎 含 { $photos } 張圖片和 { $videos } 部影片；說明如下：
broadcast-preview =
    📣 <b>準備傳送</b>
    受眾：{ $audience }（<code>{ $spec }</code>）
    目前收件人：{ $count }
    時間：{ $when }
broadcast-when-now = 立即
broadcast-confirm = ✅ 確認
broadcast-queued = 📣 群發已排入佇列，進度見下方。
broadcast-cancelled = 群發已取消，沒有傳送任何內容。
broadcast-report-first = 您有一份正在填寫的回報。請先完成或 /cancel 取消，然後再傳送 /broadcast。

broadcast-progress =
    📣 <b>群發 #{ $id }</b> 發給 <code>{ $audience }</code>：{ $state }
    已傳送 { $sent } · 已封鎖 { $blocked } · 失敗 { $failed } · 剩餘 { $remaining }
    速度：{ $rate } 則/秒 · 預計剩餘：{ $eta }
broadcast-state-scheduled = 已排程
broadcast-state-running = 傳送中
broadcast-state-paused = 已暫停
broadcast-state-cancelled = 已取消
broadcast-state-done = 已完成
broadcast-pause = ⏸ 暫停
broadcast-resume = ▶ 繼續
broadcast-stop = ✖ 取消
broadcast-pausing = 正在暫停…
broadcast-resuming = 正在繼續…
broadcast-cancelling = 正在取消…
