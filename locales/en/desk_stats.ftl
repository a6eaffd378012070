# kefu's own strings in English: the desk's numbers (/stats in the agents' group).

cmd-desk-stats = The desk's numbers: /stats, /stats 7, /stats 30
desk-stats-unavailable = The desk's numbers are not available here.
desk-stats-usage = /stats shows today, 7 and 30 days; /stats 1, /stats 7 or /stats 30 shows that period in full.
desk-stats-period-today = Today
desk-stats-period-7d = Last 7 days
desk-stats-period-30d = Last 30 days
desk-stats-none = —
desk-stats-seconds = { $s } s
desk-stats-minutes = { $m } min
desk-stats-hours = { $m ->
    [0] { $h } h
   *[other] { $h } h { $m } min
}
desk-stats-days = { $h ->
    [0] { $d } d
   *[other] { $d } d { $h } h
}
desk-stats-csat = { $average } ★ ({ $count ->
    [one] 1 rating
   *[other] { $count } ratings
}, { $good }% gave 4-5)
desk-stats-csat-none = no ratings
desk-stats-now = 📊 <b>The desk now</b>: { $open } open, { $unclaimed } waiting for an agent · first-response SLA { $sla }
desk-stats-line = <b>{ $period }</b>: { $created } new · { $breaches } over SLA · first response { $first } · resolved in { $resolution } · { $csat }
desk-stats-more = In full: /stats 1, /stats 7, /stats 30 (times are medians).
desk-stats-title = 📊 <b>{ $period }</b>
desk-stats-tickets = Tickets: { $created } new · { $open } open now · { $unclaimed } waiting for an agent
desk-stats-sla = Over the first-response SLA ({ $sla }): { $breaches }
desk-stats-first-response = First response: median { $median } · p90 { $p90 } ({ $count } answered)
desk-stats-resolution = Resolution: median { $median } · p90 { $p90 } ({ $count } resolved)
desk-stats-csat-line = Satisfaction: { $csat }
desk-stats-tags = Top tags: { $tags }
desk-stats-agents = Agents:
desk-stats-agent = • { $name }: { $claimed } claimed · { $resolved } resolved · first response { $first } · { $rating }
desk-stats-agent-rating = { $average } ★ ({ $count })
desk-stats-tallies = Without a ticket: { $held } spam held · { $released } released · { $merged } floods merged
