from django.apps import AppConfig, apps
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate

from lib.compiled import statements_prepared
from lib.pg_times import times_read_natively


def _sync_roles(sender: AppConfig, using: str = "default", **kwargs) -> None:
    # post_migrate is sent once per app, and each app's permissions are
    # created by its own signal. Wait for the last app so every permission a
    # role needs exists.
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender.name != last.name:
        return
    # Imported here, not at the top: roles.py imports auth models, which cannot
    # be imported while the app registry is still loading this module.
    from django.conf import settings

    from .database_roles import database_app_role_sync
    from .roles import roles_sync

    roles_sync()
    database_app_role_sync(role=settings.DATABASE_APP_ROLE, password=settings.DATABASE_APP_PASSWORD, using=using)


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "Organisations and people"

    def ready(self) -> None:
        post_migrate.connect(_sync_roles, dispatch_uid="hub.roles_sync")
        # Every page and sweep reads times from PostgreSQL; psycopg's loader reads them six times
        # faster than Django's (lib/pg_times.py).
        connection_created.connect(times_read_natively, dispatch_uid="hub.times_read_natively")
        # The few queries asked with ids alone are planned once per connection (lib/compiled.py).
        connection_created.connect(statements_prepared, dispatch_uid="hub.statements_prepared")
