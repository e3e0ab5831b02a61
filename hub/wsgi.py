import os

from django.core.wsgi import get_wsgi_application

from hub.preload import worker_preload

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.dev")
application = get_wsgi_application()

# What a worker loads once and keeps for its life (Django, the apps, every view the URLs name) is
# moved out of the garbage collector's sight (decision 0028). Left in it, each full collection walked
# all of it: about 200 ms a time, twice in 400 submissions, the slowest of them by far.
worker_preload()
