"""The hub's pages: the queue (queue.py), the request page and its actions
(request.py), and partner checks and disagreements (partners.py)."""
