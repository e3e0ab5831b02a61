"""Signing in: lockout after failed passwords, the second factor, the absolute session lifetime,
password changes and API tokens (docs/decisions/0011-sign-in.md)."""
