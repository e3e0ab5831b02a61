from django.core.management.base import BaseCommand, CommandError

from hub.models import User
from hub.sign_in.services import api_token_issue, api_tokens_revoke


class Command(BaseCommand):
    help = (
        "Print a new API token for a user (the partner-systems API). Only a digest is stored, so this is the "
        "one time it can be read. It expires after --days (default REST_KNOX TOKEN_TTL, 90 days)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--days", type=int, help="Days until the token expires.")
        parser.add_argument("--rotate", action="store_true", help="Revoke the user's other tokens first.")

    def handle(self, *args, username: str, days: int | None = None, rotate: bool = False, **options) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user called {username!r}.")
        if days is not None and days < 1:
            raise CommandError("--days must be 1 or more.")
        if rotate:
            api_tokens_revoke(user=user)
        self.stdout.write(api_token_issue(user=user, days=days))
