## 維護時段：告訴使用者的話，以及給管理員的提醒
maintenance-starts = 🛠 <b>計畫維護</b>：{ $start } 開始
maintenance-under-way = 🛠 <b>正在維護</b>
maintenance-expected-end = 預計 { $end } 結束。
maintenance-no-end = 暫無結束時間：維護仍在進行。
maintenance-restored = ✅ <b>服務已恢復。</b>維護已結束：
    { $message }
    感謝您的耐心等候。如仍有問題，直接在這裡留言給我們即可。
maintenance-overdue-admin = ⏰ 維護時段 #{ $id }（{ $scope }）已超過預計結束時間（{ $end }），但還沒有人結束它：使用者看到的仍是「正在維護」。維護結束後，請用 <code>kefu maintenance end { $id }</code> 或 /maintenance 結束它，之前詢問過的使用者會收到服務恢復的通知。
