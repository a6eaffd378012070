# 首次联系：垃圾消息拦截到客服群的垃圾消息话题，以及可选的验证按钮。

screening-received = 谢谢，您的消息已收到。
screening-check = 欢迎！请点击下方按钮继续。
screening-check-button = ✅ 继续
screening-passed = 谢谢！请问有什么可以帮您？

desk-spam-topic = 🚫 垃圾消息
desk-spam-held = 🚫 { $name }（id { $id }）因包含“{ $word }”被拦截：
desk-spam-more = 🚫 { $name }（id { $id }，已拦截）又发来：
desk-spam-release = ✅ 放行
desk-spam-released = ✅ { $name } 已放行：工单 { $id }。
desk-spam-released-short = 已放行：工单已建立。
desk-spam-not-held = 该用户已不在拦截中，没有做任何更改。
desk-reason-released = 由客服从垃圾消息话题放行
desk-stats-checks = 首次联系验证：要求 { $asked } · 通过 { $passed }
