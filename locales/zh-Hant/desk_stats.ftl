# kefu 自己的繁體中文字串：客服台數據（客服群中的 /stats）。

cmd-desk-stats = 客服台數據：/stats、/stats 7、/stats 30
desk-stats-unavailable = 此處無法查看客服台數據。
desk-stats-usage = /stats 顯示今天、近 7 天和近 30 天；/stats 1、/stats 7 或 /stats 30 顯示該時段的詳細數據。
desk-stats-period-today = 今天
desk-stats-period-7d = 近 7 天
desk-stats-period-30d = 近 30 天
desk-stats-none = —
desk-stats-seconds = { $s } 秒
desk-stats-minutes = { $m } 分鐘
desk-stats-hours = { $m ->
    [0] { $h } 小時
   *[other] { $h } 小時 { $m } 分鐘
}
desk-stats-days = { $h ->
    [0] { $d } 天
   *[other] { $d } 天 { $h } 小時
}
desk-stats-csat = { $average } ★（{ $count } 則評價，{ $good }% 為 4-5 分）
desk-stats-csat-none = 尚無評價
desk-stats-now = 📊 <b>客服台目前</b>：{ $open } 張處理中，{ $unclaimed } 張等待客服認領 · 首次回應時限 { $sla }
desk-stats-line = <b>{ $period }</b>：新增 { $created } · 逾時 { $breaches } · 首次回應 { $first } · 解決用時 { $resolution } · { $csat }
desk-stats-more = 詳細數據：/stats 1、/stats 7、/stats 30（時長為中位數）。
desk-stats-title = 📊 <b>{ $period }</b>
desk-stats-tickets = 工單：新增 { $created } · 目前處理中 { $open } · 等待客服認領 { $unclaimed }
desk-stats-sla = 超過首次回應時限（{ $sla }）：{ $breaches }
desk-stats-first-response = 首次回應：中位數 { $median } · p90 { $p90 }（已回覆 { $count }）
desk-stats-resolution = 解決用時：中位數 { $median } · p90 { $p90 }（已解決 { $count }）
desk-stats-csat-line = 滿意度：{ $csat }
desk-stats-tags = 熱門標籤：{ $tags }
desk-stats-agents = 客服：
desk-stats-agent = • { $name }：認領 { $claimed } · 解決 { $resolved } · 首次回應 { $first } · { $rating }
desk-stats-agent-rating = { $average } ★（{ $count }）
desk-stats-tallies = 未建工單：攔截垃圾訊息 { $held } · 放行 { $released } · 合併洗版 { $merged }
