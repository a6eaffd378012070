"""The knowledge base: articles in ``kb.yaml`` that answer users before a person is needed.

``model`` is the file's shape, ``loader`` reads it, ``words`` and ``search`` find the
articles for a question, ``library`` holds the articles in use (and reloads them),
``routing`` and ``views`` are its part of a user's chat.
"""
