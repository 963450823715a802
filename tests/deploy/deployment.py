"""docs/deploy's files, made runnable on a test machine: the same settings, units and nginx site, moved to free ports
and a temporary folder. Everything the operator's files say is kept; only where things live changes:

* ``/etc/tiltak/…`` and ``/var/lib/tiltak/…`` become folders under the test's own;
* the ports of instances a and b (``a.env``, ``b.env``) and of nginx (80, 443) become free ones, in the settings
  and in the nginx site alike;
* the database and Redis named in ``common.env`` become the test's own (a fresh PostgreSQL database, a Redis
  server started with ``redis.conf``), keeping the Redis database number;
* the shared static folder is kept from one run to the next in the suite's data folder: `tiltak init` collects
  into it only when the files have changed (collecting takes most of a minute on a loaded machine);
* the certificate becomes a self-signed one for the site's host name and 127.0.0.1;
* the IPv6 ``listen`` lines are left out (a test machine may have no IPv6), and nginx's pid, logs and temporary
  files go to the test's folder (``nginx -p … -c …``), so it runs as any user beside a system nginx.

Each substitution checks that the documented text is there, so a changed doc fails here until the test follows it.
"""

import os
import re
import shlex
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DOCS = Path(__file__).resolve().parents[2] / "docs" / "deploy"
ETC, STATE = "/etc/tiltak/", "/var/lib/tiltak/"
TILTAK = "/opt/tiltak/.venv/bin/tiltak"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def env_file(name: str) -> dict[str, str]:
    """A systemd EnvironmentFile of docs/deploy: ``NAME=value`` lines (the value is the rest of the line)."""
    pairs = {}
    for line in (DOCS / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


def unit(name: str) -> dict[str, list[str]]:
    """A systemd unit of docs/deploy: each key with its values, in order (sections merged)."""
    keys: dict[str, list[str]] = {}
    for line in (DOCS / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";", "[")):
            key, _, value = line.partition("=")
            keys.setdefault(key.strip(), []).append(value.strip())
    return keys


def replace_once(text: str, old: str, new: str, *, where: str) -> str:
    assert text.count(old) == 1, f"{where}: expected {old!r} once, found it {text.count(old)} times"
    return text.replace(old, new)


class Layout:
    """Where the test puts what docs/deploy puts in /etc/tiltak and /var/lib/tiltak, and the ports it uses."""

    def __init__(self, root: Path, *, database_url: str, redis_port: int, static_dir: Path):
        self.root = root
        self.database_url = database_url
        self.redis_port = redis_port
        self.static_dir = static_dir
        self.common = env_file("common.env")
        self.host = urlsplit(self.common["TILTAK_SITE_URL"]).hostname
        # instance name → (documented port, the test's port)
        self.ports = {name: (int(env_file(f"{name}.env")["TILTAK_PORT"]), free_port()) for name in ("a", "b")}
        self.http_port, self.https_port = free_port(), free_port()
        (root / "etc").mkdir()
        (root / "var").mkdir()

    def path(self, value: str) -> str:
        """A documented path, moved under the test's folder."""
        if value.startswith(ETC):
            return str(self.root / "etc" / value.removeprefix(ETC))
        if value.startswith(STATE):
            return str(self.root / "var" / value.removeprefix(STATE))
        return value

    def redis_url(self) -> str:
        documented = urlsplit(self.common["TILTAK_REDIS_URL"])
        return urlunsplit(documented._replace(netloc=f"127.0.0.1:{self.redis_port}"))

    def environment(self, unit_name: str, instance: str = "") -> dict[str, str]:
        """The environment systemd gives ``unit_name`` (for ``instance``, in a template unit), moved here."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("TILTAK_")}
        documented: dict[str, str] = {}
        for name in unit(unit_name).get("EnvironmentFile", []):
            documented.update(env_file(Path(name.replace("%i", instance)).name))
        for assignment in unit(unit_name).get("Environment", []):
            key, _, value = assignment.partition("=")
            documented[key] = value
        for key, value in documented.items():
            env[key] = self.path(value)
        assert env["TILTAK_DATABASE_URL"].startswith("postgres://"), "common.env names a PostgreSQL database"
        env["TILTAK_DATABASE_URL"] = self.database_url
        env["TILTAK_REDIS_URL"] = self.redis_url()
        env["TILTAK_STATIC_DIR"] = str(self.static_dir)
        if instance:
            documented_port, port = self.ports[instance]
            assert env["TILTAK_PORT"] == str(documented_port)
            env["TILTAK_PORT"] = str(port)
        return env

    def command(self, unit_name: str, env: dict[str, str]) -> list[str]:
        """The unit's ExecStart, with this Python's tiltak and the variables systemd would expand."""
        [line] = unit(unit_name)["ExecStart"]
        words = [re.sub(r"\$\{(\w+)\}", lambda m: env[m.group(1)], word) for word in shlex.split(line)]
        assert words[0] == TILTAK, f"{unit_name} runs {words[0]}, not {TILTAK}"
        return [sys.executable, "-m", "tiltak", *words[1:]]

    @staticmethod
    def tiltak(*args: str) -> list[str]:
        """A tiltak command, as the operator runs it with an instance's settings (step 6 of the README)."""
        return [sys.executable, "-m", "tiltak", *args]

    def redis_conf(self) -> Path:
        """redis.conf, on the test's port and folder (later lines win in Redis' configuration)."""
        path = self.root / "redis.conf"
        path.write_text((DOCS / "redis.conf").read_text(encoding="utf-8")
                        + f"\nport {self.redis_port}\ndir {self.root}\ndaemonize no\n", encoding="utf-8")
        return path

    def nginx_conf(self, *, certificate: Path, key: Path) -> Path:
        """nginx.conf for ``nginx -p ROOT/nginx -c nginx.conf``: an http block around the documented site, with
        an access log that names the upstream each request went to (and each it was retried on)."""
        site = (DOCS / "nginx-tiltak.conf").read_text(encoding="utf-8")
        where = "nginx-tiltak.conf"
        for documented, port in self.ports.values():
            site = replace_once(site, f"server 127.0.0.1:{documented} ", f"server 127.0.0.1:{port} ", where=where)
        site = replace_once(site, "listen 80;", f"listen 127.0.0.1:{self.http_port};", where=where)
        site = replace_once(site, "listen 443 ssl", f"listen 127.0.0.1:{self.https_port} ssl", where=where)
        site = "\n".join(line for line in site.splitlines() if not line.strip().startswith("listen [::]:"))
        site = re.sub(r"(?m)^(\s*ssl_certificate)\s+\S+;", rf"\1 {certificate};", site)
        site = re.sub(r"(?m)^(\s*ssl_certificate_key)\s+\S+;", rf"\1 {key};", site)
        assert f"server_name {self.host};" in site, f"{where} serves {self.host}, the host of TILTAK_SITE_URL"
        prefix = self.root / "nginx"
        prefix.mkdir()
        (prefix / "tiltak.conf").write_text(site, encoding="utf-8")
        user = ""
        if os.geteuid() == 0:  # as root nginx would run its workers as «nobody», who cannot enter the test's folder
            user = "user root;"
        conf = prefix / "nginx.conf"
        conf.write_text(f"""
{user}
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 512; }}
http {{
    log_format upstreams '$msec|$status|$request|$upstream_addr|$upstream_status|$request_id';
    access_log {prefix}/access.log upstreams;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/tiltak.conf;
}}
""", encoding="utf-8")
        return conf
