# kefu 自身的简体中文文案：知识库（在需要人工之前先给出答案）。

kb-found = 这些解答或许能帮到您，点按查看：
kb-nothing = 没有找到相关解答。您可以在下方选择问题类型提交，或联系人工客服。
kb-nothing-no-desk = 没有找到相关解答。您可以在下方选择问题类型提交。
kb-did-it-help = <b>问题解决了吗？</b>
kb-yes = ✅ 已解决
kb-no = ❌ 没解决
kb-report = 📝 提交这个问题
kb-glad = 很高兴帮到您！还有其他问题吗？直接输入问题或在下方选择。
kb-glad-report = 很高兴帮到您！您的报告没有提交。还有其他问题吗？直接输入问题或在下方选择。
kb-to-report = 抱歉没能解决。请回答几个问题，报告会连同您的提问一起交给人工客服。
kb-back-to-report = 那我们继续完成您的报告。
kb-may-help = 提交之前，这些解答或许能帮到您：
kb-article-gone = 这条解答已下线。请在下方选择，或重新输入您的问题。

cmd-desk-kb = 搜索知识库：/kb 问题
cmd-desk-kb_reload = 重新加载知识库（kb.yaml）
desk-kb-usage = /kb 问题：列出用户这样提问时会看到的文章，以及 /reply 使用的编号。
desk-kb-none = 没有与「{ $question }」匹配的文章。
desk-kb-title = 「{ $question }」的相关文章（/reply 编号 可发送）：
desk-kb-line = { $rank }. <code>{ $id }</code> { $title } · 得分 { $score }{ $weak ->
    [yes] （匹配太弱：不会向用户展示）
   *[no] {""}
}
desk-kb-sent = 已向用户发送文章 { $id }（{ $title }）。
desk-kb-reloaded = 知识库已重新加载：共 { $count } 篇文章。
desk-kb-reload-failed = 知识库未重新加载，继续使用现有文章。问题：
    { $problems }
desk-card-asked = 最初的提问
desk-stats-kb = 自助服务（{ $period }）：已解答 { $found } 个提问，{ $nothing } 个未找到答案 · 已解决 { $solved }，未解决 { $not_solved } · { $deflection } 的问题无需人工即解决
desk-stats-kb-missed = 未找到答案的提问（可补充的文章）：
desk-stats-kb-missed-line = • { $question }（{ $count }）
