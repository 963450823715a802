"""Reading settings from the environment, failing loudly on a bad value.

No Django here: the settings module imports these before Django is configured. Every helper only *reads*:
nothing here creates a folder or writes a file (see ``tiltak.lib.datadir`` for what ``tiltak init`` prepares).
Every error message starts with the variable's name and its value, so one line says what is wrong and where.
"""

import os
import re
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# A host name as ALLOWED_HOSTS takes it: a name (a leading dot matches subdomains), an IPv4 or a bracketed IPv6.
HOST_RE = re.compile(r"^(\.?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*"
                     r"|\[[0-9A-Fa-f:.]+\])$")
EMAIL_RE = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$|^[^@\s<>]+@localhost$")


class EnvError(ValueError):
    """A setting in the environment has a value we cannot use."""


def env_str(name: str, default: str = "") -> str:
    """Free text, but one line: a control character (a pasted newline, say) is refused."""
    value = os.environ.get(name, default)
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise EnvError(f"{name}={value!r} holds a control character")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise EnvError(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """A whole number, within [minimum, maximum] when those are given."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise EnvError(f"{name}={raw!r} is not a whole number") from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        if maximum is None:
            raise EnvError(f"{name}={raw!r} must be at least {minimum}")
        raise EnvError(f"{name}={raw!r} must be between {minimum} and {maximum}")
    return value


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of ``choices`` (upper case), given in any case."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().upper()
    if value not in choices:
        raise EnvError(f"{name}={raw!r} is not one of {', '.join(choices)}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_hosts(name: str, default: list[str]) -> list[str]:
    """Host names, comma-separated, as Django's ALLOWED_HOSTS takes them (no scheme, no path, no «*»)."""
    hosts = env_list(name, default)
    for host in hosts:
        if not HOST_RE.match(host):
            raise EnvError(f"{name}: {host!r} is not a host name (write tiltak.example.no, without http:// or a path)")
    return hosts


def env_origins(name: str) -> list[str]:
    """Origins, comma-separated: scheme and host (and port), as CSRF_TRUSTED_ORIGINS takes them."""
    origins = env_list(name, [])
    for origin in origins:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
            raise EnvError(f"{name}: {origin!r} is not an origin (write https://tiltak.example.no)")
    return origins


def env_url(name: str, default: str) -> str:
    """An http(s) address without a query, as links in e-mails start with; a trailing slash is dropped."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise EnvError(f"{name}={raw!r} is not an http:// or https:// address")
    try:
        parts.port  # noqa: B018 (reading it validates it)
    except ValueError:
        raise EnvError(f"{name}={raw!r} has a bad port") from None
    return value.rstrip("/")


def env_email(name: str, default: str) -> str:
    """An e-mail address, alone or as «Name <address>»."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip()
    _display, address = parseaddr(value)
    if not address or not EMAIL_RE.match(address) or "\n" in value or "\r" in value:
        raise EnvError(f"{name}={raw!r} is not an e-mail address")
    return value


def env_host(name: str) -> str:
    """One host name (or empty): an SMTP server, say."""
    raw = os.environ.get(name, "").strip()
    if raw and not HOST_RE.match(raw if ":" not in raw or raw.startswith("[") else f"[{raw}]"):
        raise EnvError(f"{name}={raw!r} is not a host name")
    return raw


def env_path(name: str, default: str) -> Path:
    """A path (``~`` expanded, made absolute); it need not exist, but if it does it must be a folder."""
    raw = os.environ.get(name)
    value = default if raw is None or raw.strip() == "" else raw.strip()
    if "\0" in value:
        raise EnvError(f"{name}={raw!r} is not a path")
    path = Path(value).expanduser().resolve()
    if path.exists() and not path.is_dir():
        raise EnvError(f"{name}={str(path)!r} is not a writable directory: it is a file")
    return path


def env_file(name: str) -> Path | None:
    """The path of a file (``~`` expanded), or None when unset; it need not exist, but must not be a folder."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return None
    if "\0" in raw:
        raise EnvError(f"{name}={raw!r} is not a path")
    path = Path(raw.strip()).expanduser()
    if path.is_dir():
        raise EnvError(f"{name}={raw!r} is a folder; name a file")
    return path


def env_secret(name: str) -> str | None:
    """The value of NAME, or the contents of the file NAME_FILE points to (for Docker/systemd secrets)."""
    value = os.environ.get(name)
    if value:
        return value
    path = os.environ.get(f"{name}_FILE")
    if not path:
        return None
    try:
        value = Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise EnvError(f"{name}_FILE={path!r} cannot be read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise EnvError(f"{name}_FILE={path!r} is not UTF-8 text") from None
    if not value:
        raise EnvError(f"{name}_FILE={path!r} is empty")
    return value


def ensure_writable_dir(name: str, path: Path) -> Path:
    """Create the directory if needed (readable by its owner only) and prove we can write to it.

    Called by the ``tiltak`` script before a command runs, never when settings are read.
    """
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        probe = path / ".write-test"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        raise EnvError(f"{name}={str(path)!r} is not a writable directory: {exc.strerror}") from None
    return path


def env_redis_url(name: str) -> str:
    """A redis://, rediss:// or unix:// address, or empty (not configured)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return ""
    value = raw.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("redis", "rediss", "unix") or (parts.scheme != "unix" and not parts.hostname):
        raise EnvError(f"{name}={raw!r} is not a redis://, rediss:// or unix:// address")
    try:
        parts.port  # noqa: B018 (reading it validates it)
    except ValueError:
        raise EnvError(f"{name}={raw!r} has a bad port") from None
    return value


SCOPE_RE = re.compile(r"^[A-Za-z0-9_.:/-]{1,100}$")
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def env_oidc(password_login: bool) -> dict:
    """Single sign-on through OpenID Connect: the issuer, the client, the scopes and the button's words, checked
    together (a client without an issuer, or password sign-in off with no other way in, is refused)."""
    from urllib.parse import urlsplit

    issuer = env_url("TILTAK_OIDC_ISSUER", "")
    client_id = env_str("TILTAK_OIDC_CLIENT_ID", "").strip()
    secret = env_secret("TILTAK_OIDC_CLIENT_SECRET") or ""
    scopes = env_str("TILTAK_OIDC_SCOPES", "openid email profile").split()
    label = env_str("TILTAK_OIDC_LABEL", "").strip()
    if issuer:
        if urlsplit(issuer).scheme != "https" and urlsplit(issuer).hostname not in LOOPBACK:
            raise EnvError(f"TILTAK_OIDC_ISSUER={issuer!r} must be an https:// address (http:// only on loopback)")
        if not client_id or not secret:
            raise EnvError("TILTAK_OIDC_ISSUER is set: TILTAK_OIDC_CLIENT_ID and TILTAK_OIDC_CLIENT_SECRET (or "
                           "TILTAK_OIDC_CLIENT_SECRET_FILE) are needed too")
    elif client_id or secret:
        raise EnvError("TILTAK_OIDC_CLIENT_ID or _SECRET is set but TILTAK_OIDC_ISSUER is not")
    if len(client_id) > 200 or any(c.isspace() for c in client_id):
        raise EnvError(f"TILTAK_OIDC_CLIENT_ID={client_id!r} must be one word of at most 200 characters")
    if "openid" not in scopes or not all(SCOPE_RE.match(scope) for scope in scopes) or len(scopes) > 20:
        raise EnvError(f"TILTAK_OIDC_SCOPES={' '.join(scopes)!r} must be scopes separated by spaces, "
                       "«openid» among them")
    if len(label) > 100:
        raise EnvError("TILTAK_OIDC_LABEL is longer than 100 characters")
    if not password_login and not issuer:
        raise EnvError("TILTAK_PASSWORD_LOGIN=false needs TILTAK_OIDC_ISSUER: otherwise nobody could sign in")
    return {"issuer": issuer, "client_id": client_id, "client_secret": secret, "scopes": " ".join(scopes),
            "label": label}


def env_keyword(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of ``choices`` (lower case), given in any case."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value not in choices:
        raise EnvError(f"{name}={raw!r} is not one of {', '.join(choices)}")
    return value
