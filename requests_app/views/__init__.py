"""The referrer's pages, by what they do: the question pages (form.py), files
(files.py), and checking, sending and what was sent (sent.py)."""
