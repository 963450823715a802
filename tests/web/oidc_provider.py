"""A real OpenID Connect provider for the sign-in tests: panva's oidc-provider (tests/web/oidc/) under the machine's
Node.js, installed with `npm ci` from the committed lock file into a cache folder the first time (named by the
lock file's and the script's digest, so a change installs afresh), and started on a loopback port it chooses."""

import hashlib
import json
import os
import selectors
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

SOURCE = Path(__file__).resolve().parent / "oidc"
FILES = ("package.json", "package-lock.json", "provider.mjs")
START_SECONDS = 60


def _cache_root() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tiltak"


def installed() -> Path:
    """The folder with the provider script and its node_modules, installed once per version of the files."""
    assert shutil.which("node") and shutil.which("npm"), "Node.js and npm are needed (Debian: nodejs, npm)"
    digest = hashlib.sha256(b"".join((SOURCE / name).read_bytes() for name in FILES)).hexdigest()[:16]
    target = _cache_root() / f"oidc-provider-{digest}"
    if (target / "node_modules" / "oidc-provider").is_dir():
        return target
    partial = target.with_name(f"{target.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for name in FILES:
        shutil.copy(SOURCE / name, partial / name)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], cwd=partial,
                   check=True, timeout=600, stdout=subprocess.DEVNULL)
    try:
        partial.rename(target)
    except OSError:  # another test process installed it meanwhile
        shutil.rmtree(partial, ignore_errors=True)
    return target


@contextmanager
def running(*, client_id: str, client_secret: str, redirect_uri: str, post_logout_redirect_uri: str,
            accounts: dict, log: Path):
    """Start the provider; yield its issuer (http://127.0.0.1:PORT); stop it."""
    folder = installed()
    env = {**os.environ, "OIDC_CLIENT_ID": client_id, "OIDC_CLIENT_SECRET": client_secret,
           "OIDC_REDIRECT_URI": redirect_uri, "OIDC_POST_LOGOUT_REDIRECT_URI": post_logout_redirect_uri,
           "OIDC_ACCOUNTS": json.dumps(accounts)}
    with log.open("wb") as errors:
        process = subprocess.Popen(["node", str(folder / "provider.mjs")], cwd=folder, env=env,
                                   stdout=subprocess.PIPE, stderr=errors)
        try:
            with selectors.DefaultSelector() as selector:
                selector.register(process.stdout, selectors.EVENT_READ)
                ready = selector.select(timeout=START_SECONDS)
            line = process.stdout.readline() if ready else b""
            assert line, f"the OpenID Connect provider did not start: {log.read_text(errors='replace')[-2000:]}"
            yield json.loads(line)["issuer"]
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            process.stdout.close()
