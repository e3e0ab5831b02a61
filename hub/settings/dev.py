"""Development settings: what `make run` uses. DEBUG is on by default."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
# A development-only key: production.py refuses to start without SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
# Signed-out visitors see the GOV.UK 404 and 500 pages, not Django's debug pages.
# Before AxesMiddleware, which must stay last.
_AXES = MIDDLEWARE.index("axes.middleware.AxesMiddleware")  # noqa: F405
MIDDLEWARE = [*MIDDLEWARE[:_AXES], "hub.middleware.GovukErrorPagesMiddleware", *MIDDLEWARE[_AXES:]]  # noqa: F405

# Demo users sign in with a password alone (README: "Signing in"). Set SUPPORT_HUB_OTP_REQUIRED=1
# to try the second factor locally.
SUPPORT_HUB_OTP_REQUIRED = env_bool("SUPPORT_HUB_OTP_REQUIRED", False)
