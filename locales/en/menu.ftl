# kefu's own strings in English: the greeting, the main menu and the language chooser.

start-greeting = Hello, { $name }! I am the support assistant. Choose what your problem is about, and I will take the details so nobody has to ask twice.
menu-title = How can we help?
menu-my-tickets = My tickets
menu-language = Language
menu-main = Main menu
language-choose = Choose your language:
language-set = Language set to English.
nothing-to-cancel = There is nothing to cancel.
