"""The ticket domain: statuses and the moves between them, priority, and what a finished
report files. Plain Python: storage maps these types, the desk and the dialogs use them."""
