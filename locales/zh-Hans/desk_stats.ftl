# kefu 自己的简体中文字串：客服台数据（客服群中的 /stats）。

cmd-desk-stats = 客服台数据：/stats、/stats 7、/stats 30
desk-stats-unavailable = 此处无法查看客服台数据。
desk-stats-usage = /stats 显示今天、近 7 天和近 30 天；/stats 1、/stats 7 或 /stats 30 显示该时段的详细数据。
desk-stats-period-today = 今天
desk-stats-period-7d = 近 7 天
desk-stats-period-30d = 近 30 天
desk-stats-none = —
desk-stats-seconds = { $s } 秒
desk-stats-minutes = { $m } 分钟
desk-stats-hours = { $m ->
    [0] { $h } 小时
   *[other] { $h } 小时 { $m } 分钟
}
desk-stats-days = { $h ->
    [0] { $d } 天
   *[other] { $d } 天 { $h } 小时
}
desk-stats-csat = { $average } ★（{ $count } 条评价，{ $good }% 为 4-5 分）
desk-stats-csat-none = 暂无评价
desk-stats-now = 📊 <b>客服台当前</b>：{ $open } 个进行中，{ $unclaimed } 个等待客服认领 · 首次响应时限 { $sla }
desk-stats-line = <b>{ $period }</b>：新增 { $created } · 超时 { $breaches } · 首次响应 { $first } · 解决用时 { $resolution } · { $csat }
desk-stats-more = 详细数据：/stats 1、/stats 7、/stats 30（时长为中位数）。
desk-stats-title = 📊 <b>{ $period }</b>
desk-stats-tickets = 工单：新增 { $created } · 当前进行中 { $open } · 等待客服认领 { $unclaimed }
desk-stats-sla = 超过首次响应时限（{ $sla }）：{ $breaches }
desk-stats-first-response = 首次响应：中位数 { $median } · p90 { $p90 }（已回复 { $count }）
desk-stats-resolution = 解决用时：中位数 { $median } · p90 { $p90 }（已解决 { $count }）
desk-stats-csat-line = 满意度：{ $csat }
desk-stats-tags = 热门标签：{ $tags }
desk-stats-agents = 客服：
desk-stats-agent = • { $name }：认领 { $claimed } · 解决 { $resolved } · 首次响应 { $first } · { $rating }
desk-stats-agent-rating = { $average } ★（{ $count }）
desk-stats-tallies = 未建工单：拦截垃圾消息 { $held } · 放行 { $released } · 合并刷屏 { $merged }
