# kefu's own strings in English: the knowledge base (answers before a person is needed).

kb-found = These answers may help. Tap one to read it:
kb-nothing = I could not find an answer to that. Choose a topic below to report it, or talk to a person.
kb-nothing-no-desk = I could not find an answer to that. Choose a topic below to report it.
kb-did-it-help = <b>Did this solve it?</b>
kb-yes = ✅ Yes, solved
kb-no = ❌ No
kb-report = 📝 Report this problem
kb-glad = Glad that helped! Anything else? Type a question or choose below.
kb-glad-report = Glad that helped! Your report was not sent. Anything else? Type a question or choose below.
kb-to-report = Sorry that did not solve it. A few questions, and your report goes to a person with your question attached.
kb-back-to-report = Then let's finish your report.
kb-may-help = Before you send it, these answers may help:
kb-article-gone = That answer is no longer available. Please choose below or type your question again.

cmd-desk-kb = Search the knowledge base: /kb question
cmd-desk-kb_reload = Reload the knowledge base (kb.yaml)
desk-kb-usage = /kb question: the articles a user asking it would be offered, with the ids /reply takes.
desk-kb-none = No article matches "{ $question }".
desk-kb-title = Articles for "{ $question }" (/reply id sends one):
desk-kb-line = { $rank }. <code>{ $id }</code> { $title } · score { $score }{ $weak ->
    [yes] {" "}(too weak: users are not offered it)
   *[no] {""}
}
desk-kb-sent = Sent the article { $id } ({ $title }) to the user.
desk-kb-reloaded = Knowledge base reloaded: { $count } articles.
desk-kb-reload-failed = The knowledge base was not reloaded; the articles in use stay. Problems:
    { $problems }
desk-card-asked = Asked first
desk-stats-kb = Self-service ({ $period }): questions answered { $found }, found nothing { $nothing } · solved { $solved }, not { $not_solved } · { $deflection } of problems settled without a person
desk-stats-kb-missed = Questions that found nothing (articles to write):
desk-stats-kb-missed-line = • { $question } ({ $count })
