from django.contrib.auth.decorators import permission_required

# The hub's staff pages: only people whose role works the queue.
worker_only = permission_required("hub.work_queue", raise_exception=True)
