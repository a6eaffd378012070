# kefu 的繁體中文文案：無效輸入、錯誤和告警。

button-expired = 該按鈕已失效，為您重新顯示選單。
unknown-input = 沒看懂您的意思，請使用下方按鈕。
unknown-command = 不認識這個指令，為您顯示選單。
text-too-long = 這則訊息太長了（{ $length } 個字元），請控制在 { $limit } 個字元以內。
error-try-again = 我們這邊出了點問題，請稍後再試。
alert-group-forbidden = kefu 已無法在客服群組 { $chat } 發言（{ $reason }）。工單會等待，請把機器人重新設為管理員。
