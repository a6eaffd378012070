# kefu 的繁體中文文案：訂單與付款管道。

channel-alipay = 支付寶
channel-wechat = 微信支付
channel-bank_card = 銀行卡
channel-usdt_trc20 = USDT（TRC20）

order-status-awaiting_payment = ⏳ 待付款
order-status-paid_delivering = 🚚 已付款，發貨中
order-status-delivered = ✅ 已到帳
order-status-failed = ❌ 失敗
order-status-refunded = ↩️ 已退款

order-card = 📦 訂單 <b>{ $number }</b>：{ $status }
order-card-what = { $product } · { $amount } · { $channel }
order-card-account = 帳號：{ $account }
order-fetched = 以上為商城系統在 { $at } 的紀錄。
order-arrival = { $channel } 目前平均約 { $minutes } 分鐘到帳；您前面還有 { $ahead } 筆訂單。

order-channel-degraded = ⚠️ { $channel } 目前較慢：透過它付款的款項會延遲到帳。
order-channel-down = ⛔ { $channel } 目前暫停：透過它付款的款項要等恢復後才會到帳。
order-channel-recovery = 預計在 { $at } 左右恢復正常。
order-channel-no-eta = 尚未公布恢復時間。
order-channel-watch = 🔔 恢復後通知我
order-channel-watching = { $channel } 一恢復正常，我就通知您。
order-channel-recovered = ✅ { $channel } 已恢復正常，款項會照常到帳。

order-check-intro = 為了向您顯示訂單 <b>{ $number }</b>，需要先確認這是您的訂單。
order-check-ask-phone_last4 = 下單時填寫的手機號碼末 4 碼是多少？
order-check-ask-amount = 這筆訂單付了多少錢（只填金額，例如 98.00）？
order-check-ask-email = 下單時填寫的電子郵件是什麼？
order-check-skip = 略過
order-check-text-only = 請用文字或數字回答。
order-check-wrong = 與商城紀錄不符。還可以再試 { $left } 次。
order-check-cooling = 多次回答不符。請在 { $at } 之後再試。您仍可點「聯絡真人客服」尋求協助。
order-check-skipped = 好的，這裡不顯示訂單 { $number }。提交報告後客服可以查看。

order-limited = 您在短時間內查詢了太多訂單，請在 { $at } 之後再試。
order-unavailable = 暫時無法連線訂單系統，無法顯示訂單 { $number }。請過幾分鐘再試。
order-unavailable-report = 暫時無法連線訂單系統，無法顯示訂單 { $number }。您的報告會繼續提交，客服會親自核查這筆訂單。
order-not-shown = 無法顯示訂單 <b>{ $number }</b>：您的帳號下沒有這個訂單編號。請核對訂單編號；如果確認無誤，請提交報告，客服會為您核查。
order-usage = 請傳送 /order 加訂單編號，例如 <code>/order { $example }</code>。
order-bad-number = 這看起來不像訂單編號：應為 4 到 58 個字母、數字或連字號，例如 <code>/order { $example }</code>。
order-recent = 您最近的訂單：點一下查看狀態。
order-check-offer = 🔒 如需在這裡查看訂單 <b>{ $number }</b> 的狀態，請先確認這是您的訂單（兩個簡單問題）；也可以直接繼續填寫報告。
order-check-start = 🔒 查看這筆訂單的狀態

# 客服一側。
cmd-desk-order = 查詢訂單：/order 訂單編號
desk-button-refresh-order = 🔄 重新整理訂單
desk-card-order-snapshot = 📦 訂單：{ $status } · { $amount } · { $channel } · 帳號 { $account }（{ $at } 的紀錄）
desk-card-order-failed = 📦 { $at } 查詢訂單失敗：商城系統沒有回應。點「重新整理訂單」重試。
desk-card-order-unknown = 📦 商城沒有訂單 { $number }（{ $at } 的紀錄）。
desk-card-order-owner-linked = 🔐 訂單屬於使用者綁定的帳號。
desk-card-order-owner-answered = 🔐 使用者已通過訂單歸屬驗證。
desk-card-order-owner-unproven = ⚠️ 使用者尚未證明這是自己的訂單。
desk-order-usage = 用法：/order DM240003（可查任意訂單，客服無需歸屬驗證，每次查詢都會記錄）。
desk-order-failed = 商城系統沒有回應訂單 { $number } 的查詢，請稍後再試。
desk-order-unknown = 商城沒有訂單 { $number }。
desk-order-none = 這張工單沒有關聯訂單。
desk-order-refreshed = 訂單已重新整理。
desk-order-refresh-unknown = 已重新整理：商城沒有這個訂單。
desk-order-refresh-failed = 商城系統沒有回應，卡片上已註明。

# 付款管道異常、事件與延遲訂單（客服台、管理員、使用者）。
order-alert-degraded = ⚠️ 付款管道 { $channel } 異常變慢：{ $late }% 的訂單延遲，{ $queue } 筆在排隊，平均約 { $minutes } 分鐘到帳。
order-alert-down = ⛔ 付款管道 { $channel } 暫停：{ $queue } 筆訂單在排隊，平均約 { $minutes } 分鐘到帳。
order-alert-ok = ✅ 付款管道 { $channel } 已恢復正常，正在通知登記過的使用者。
order-alert-own-reading = （kefu 自己的判斷：商城顯示正常，但超過 { $threshold }% 的訂單延遲。）
order-incident-topic = 🚨 { $channel }{ $state ->
    [down] 暫停
   *[other] 變慢
}
order-incident-opened = 🚨 事件：{ $channel }{ $state ->
    [down] 暫停
   *[other] 變慢
}。有 { $count } 張未結工單與其相關；已告知這些使用者我們知情，恢復後會通知他們：
order-incident-more = 又有 { $count } 張工單與 { $channel } 相關：
order-incident-list = { $tickets }
order-incident-user = 我們已知道 { $channel } 出現異常：透過它付款的款項會延遲到帳。您的工單 { $id } 會保持開啟，恢復後我會第一時間通知您。
order-incident-over = ✅ { $channel } 已恢復：已通知 { $count } 位使用者。結單前請核查這裡列出的工單。
order-late-desk = ⏰ 訂單 { $number } 延遲：已付款 { $minutes } 分鐘，超過 { $channel } 的正常到帳時間。已提高優先級。
order-redelivery-desk-redelivered = 🔁 kefu 已請商城重新發貨訂單 { $number }：已發貨。
order-redelivery-desk-nothing = 🔁 kefu 已請商城重新發貨訂單 { $number }：沒有可重發的內容（未付款或已發貨）。
order-redelivery-desk-failed = 🔁 kefu 請商城重新發貨訂單 { $number }，但商城系統沒有回應，請人工核查。
order-redelivery-user-redelivered = 📦 您的訂單 { $number } 到帳延遲，我們已請商城重新發貨：現已發貨，請查看您的帳號。
order-redelivery-user-nothing = 📦 我們已向商城核查您的訂單 { $number }：沒有可以重新發貨的內容。客服會繼續跟進。
desk-why-late = 訂單延遲（{ $channel }）
