from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from hub.models import User


class Command(BaseCommand):
    help = "Print an API token for a user (the partner-systems API). --rotate replaces an existing one."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--rotate", action="store_true", help="Revoke the current token and issue a new one.")

    def handle(self, *args, username: str, rotate: bool = False, **options) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user called {username!r}.")
        if rotate:
            Token.objects.filter(user=user).delete()
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
