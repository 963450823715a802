"""Small helpers about accounts shared by the `user` command and the demo accounts."""

import secrets
import string

ALPHABET = string.ascii_letters + string.digits


def generate_password(length: int = 16) -> str:
    """Random letters and digits: easy to copy from a terminal, ~95 bits at the default length."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))
