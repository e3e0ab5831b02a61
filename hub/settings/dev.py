"""Development settings: what `make run` uses. DEBUG is on by default."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
# A development-only key: production.py refuses to start without SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
# Signed-out visitors see the GOV.UK 404 and 500 pages, not Django's debug pages.
MIDDLEWARE = [*MIDDLEWARE, "hub.middleware.GovukErrorPagesMiddleware"]  # noqa: F405
