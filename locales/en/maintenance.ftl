## Maintenance windows: what users are told, and the admins' reminder
maintenance-starts = 🛠 <b>Planned maintenance</b> from { $start }
maintenance-under-way = 🛠 <b>Maintenance under way</b>
maintenance-expected-end = Expected to end at { $end }.
maintenance-no-end = No end time yet: it is still under way.
maintenance-restored = ✅ <b>Service restored.</b> The maintenance is over:
    { $message }
    Thank you for your patience. If something still does not work, just write to us here.
maintenance-overdue-admin = ⏰ Maintenance window #{ $id } ({ $scope }) is past its expected end ({ $end }) and nobody has ended it: users are told it is still under way. Once it is over, end it with <code>kefu maintenance end { $id }</code> or /maintenance, and those who asked are told the service is back.
