## 工單時鐘、值班與評分
desk-sla-reminder = ⏰ { $id } 已等待 { $minutes } 分鐘無人接單。值班：{ $agents }
desk-sla-reminder-nobody = ⏰ { $id } 已等待 { $minutes } 分鐘無人接單，且目前無人值班（/duty）。
desk-sla-digest = ⏰ { $count } 個工單超過時限仍無人接單，最久已等 { $minutes } 分鐘：{ $tickets }。值班：{ $agents }
desk-list-join = { $first }、{ $rest }
desk-auto-resolved = 使用者未回覆：{ $id } 已自動標記為已解決。
desk-rating-low = ⚠️ { $id } 獲得低分：{ $score }/5。
desk-rating-comment = 使用者為 { $id } 評分 { $score }/5，並留言：
desk-duty-on = 您已開始值班：提醒和非工作時間的告警會提及您。值班：{ $agents }
desk-duty-off = 您已結束值班。
desk-duty-nobody = 目前無人值班（/duty）
cmd-queue = 查看我的排隊位置
cmd-desk-duty = 開始或結束值班（提醒會提及您）
desk-after-hours-alert = 🌙 非工作時間：{ $id } 需要立即處理。{ $agents }

## 排隊與等待時間（依最近工單的實際等待估算，不做固定承諾）
queue-place = 您目前排在第 { $position } 位，客服空閒後會盡快回覆您。
queue-place-wait = 您目前排在第 { $position } 位，目前預計等待約 { $minutes } 分鐘。
queue-after-hours = 客服現在不在線，將於 { $when } 回來。您排在第 { $position } 位，位置會保留；期間您可以在這裡補充細節或截圖，「我的工單」可查看工單。
queue-no-ticket = 您沒有等待客服處理的工單。如需真人服務，請點選單中的「聯絡真人客服」。
queue-ticket = 您的工單 <b>{ $id }</b>：
queue-taken = 客服已在處理您的工單 <b>{ $id }</b>，會在這裡回覆您。

## 提醒與工單結束
wait-user-reminder = 客服正在等待您對工單 <b>{ $id }</b> 的回覆。如未收到回覆，工單將於 { $by } 以已解決關閉；在這裡留言即可保持開啟。
ticket-auto-resolved = 由於未收到您的回覆，工單 <b>{ $id }</b> 已以已解決關閉。如果問題仍然存在，在這裡留言即可重新開啟。

## 滿意度
csat-ask = 請為本次服務評分：1（很差）到 5（很好）：
csat-thanks = 感謝您為 { $id } 評分：{ $score }/5。如需補充評價，請在幾分鐘內直接傳送。
csat-already = 此工單已評分，謝謝！
csat-comment-kept = 謝謝，您對 { $id } 的評價已轉達給我們的團隊。
flood-notice = 您關於工單 <b>{ $id }</b> 的訊息我們都已收到：為避免洗版遺漏，您接下來傳送的內容會在一兩分鐘內合併轉給客服，無需重複傳送。
