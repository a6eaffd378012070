## 维护窗口：告诉用户的话，以及给管理员的提醒
maintenance-starts = 🛠 <b>计划维护</b>：{ $start } 开始
maintenance-under-way = 🛠 <b>正在维护</b>
maintenance-expected-end = 预计 { $end } 结束。
maintenance-no-end = 暂无结束时间：维护仍在进行。
maintenance-restored = ✅ <b>服务已恢复。</b>维护已结束：
    { $message }
    感谢您的耐心等待。如仍有问题，直接在这里给我们留言即可。
maintenance-overdue-admin = ⏰ 维护窗口 #{ $id }（{ $scope }）已超过预计结束时间（{ $end }），但还没有人结束它：用户看到的仍是「正在维护」。维护结束后，请用 <code>kefu maintenance end { $id }</code> 或 /maintenance 结束它，之前询问过的用户会收到服务恢复的通知。
