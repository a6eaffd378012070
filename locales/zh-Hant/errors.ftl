# kefu 的繁體中文文案：無效輸入、錯誤和告警。

button-expired = 該按鈕已失效，為您重新顯示選單。
unknown-input = 沒看懂您的意思，請使用下方按鈕。
unknown-command = 不認識這個指令，為您顯示選單。
text-too-long = 這則訊息太長了（{ $length } 個字元），請控制在 { $limit } 個字元以內。
error-try-again = 我們這邊出了點問題，請稍後再試。
alert-group-forbidden = kefu 已無法在客服群組 { $chat } 發言（{ $reason }）。工單會等待，請把機器人重新設為管理員。
error-not-delivered = 有一則給您的回覆未能送達（Telegram 持續拒絕）。如果您仍在等待答覆，請重新傳送您的上一則訊息。
alert-desk-message-failed = 一則發往客服會話 { $chat } 的訊息未能送達，已放棄傳送（{ $reason }）。請檢查客服群組；工單詳情仍保存在 kefu 中。
alert-group-back = 客服群 { $chat } 已恢復：{ $count } 則待發訊息正在傳送。
error-not-passed-on = 這類訊息無法轉交給客服團隊。請用文字描述，或傳送截圖。
