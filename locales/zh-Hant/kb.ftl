# kefu 自身的繁體中文文案：知識庫（在需要真人之前先給出答案）。

kb-found = 這些解答或許能幫到您，點選查看：
kb-nothing = 沒有找到相關解答。您可以在下方選擇問題類型提交，或聯絡真人客服。
kb-nothing-no-desk = 沒有找到相關解答。您可以在下方選擇問題類型提交。
kb-did-it-help = <b>問題解決了嗎？</b>
kb-yes = ✅ 已解決
kb-no = ❌ 沒解決
kb-report = 📝 提交這個問題
kb-glad = 很高興幫到您！還有其他問題嗎？直接輸入問題或在下方選擇。
kb-glad-report = 很高興幫到您！您的報告沒有提交。還有其他問題嗎？直接輸入問題或在下方選擇。
kb-to-report = 抱歉沒能解決。請回答幾個問題，報告會連同您的提問一起交給真人客服。
kb-back-to-report = 那我們繼續完成您的報告。
kb-may-help = 提交之前，這些解答或許能幫到您：
kb-article-gone = 這則解答已下架。請在下方選擇，或重新輸入您的問題。

cmd-desk-kb = 搜尋知識庫：/kb 問題
cmd-desk-kb_reload = 重新載入知識庫（kb.yaml）
desk-kb-usage = /kb 問題：列出使用者這樣提問時會看到的文章，以及 /reply 使用的編號。
desk-kb-none = 沒有與「{ $question }」相符的文章。
desk-kb-title = 「{ $question }」的相關文章（/reply 編號 可傳送）：
desk-kb-line = { $rank }. <code>{ $id }</code> { $title } · 分數 { $score }{ $weak ->
    [yes] （相符度太低：不會向使用者顯示）
   *[no] {""}
}
desk-kb-sent = 已向使用者傳送文章 { $id }（{ $title }）。
desk-kb-reloaded = 知識庫已重新載入：共 { $count } 篇文章。
desk-kb-reload-failed = 知識庫未重新載入，繼續使用現有文章。問題：
    { $problems }
desk-card-asked = 最初的提問
desk-stats-kb = 自助服務（{ $period }）：已解答 { $found } 個提問，{ $nothing } 個找不到答案 · 已解決 { $solved }，未解決 { $not_solved } · { $deflection } 的問題無需真人即解決
desk-stats-kb-missed = 找不到答案的提問（可補充的文章）：
desk-stats-kb-missed-line = • { $question }（{ $count }）
