from django.core.management.base import BaseCommand, CommandError

from hub.models import User
from hub.sign_in.services import api_tokens_revoke


class Command(BaseCommand):
    help = "Revoke every API token a user has, for example when a partner system is retired or a token leaks."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}.")
        count = api_tokens_revoke(user=user)
        self.stdout.write(f"Revoked {count} token{'s' if count != 1 else ''} for {username}.")
