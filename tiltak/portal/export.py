"""`tiltak site -o DIR`: the whole public portal as static files.

The pages are fetched through Django's own request handling (every middleware, the real views and templates), in
both languages, starting at the front pages and following every internal link: so the export holds exactly what a
visitor can reach, and a link that leads nowhere stops the export. Each page is written as ``PATH/index.html`` and
every internal link is rewritten relative to the page, so the files work from any web server and from ``file://``.
The search page searches a prebuilt index (``sok/indeks.js``) in the browser.
"""

import logging
import posixpath
import re
import shutil
import tempfile
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from tiltak.core.exporting import exporting

MARKER = ".tiltak-site"
START = ("portal:home", "portal:search_index", "portal:search", "portal:open_data", "portal:accessibility")
# Attributes holding addresses in our HTML; url(...) in CSS.
_ATTRIBUTE = re.compile(r'(?P<prefix>\b(?:href|src|action)=")(?P<url>/[^"]*)"')
_CSS_URL = re.compile(r"url\((?P<quote>['\"]?)(?P<url>[^'\")]+)(?P=quote)\)")


class ExportError(Exception):
    """The export cannot be made (a broken link, an unusable folder); the message says what and where."""


@dataclass
class Result:
    pages: int = 0
    files: int = 0
    written: list[str] = field(default_factory=list)


def file_for(path: str) -> str:
    """The file an address is written to, relative to the export's root: «/plan/x/» → «plan/x/index.html»."""
    path = unquote(urlsplit(path).path).lstrip("/")
    if path == "" or path.endswith("/"):
        return path + "index.html"
    return path


def relative(target: str, from_file: str) -> str:
    """The link from the file ``from_file`` to the address ``target`` (which may carry a query and a fragment)."""
    parts = urlsplit(target)
    relative_path = posixpath.relpath(file_for(parts.path), posixpath.dirname(from_file) or ".")
    return relative_path + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


def _static_source(url_path: str) -> Path | None:
    """Where the file of a /static/… address is: collected (hashed names) or found in the apps."""
    name = unquote(url_path).removeprefix("/" + settings.STATIC_URL.lstrip("/"))
    collected = Path(settings.STATIC_ROOT) / name
    if collected.is_file():
        return collected
    found = finders.find(name)
    return Path(found) if found else None


class _Exporter:
    def __init__(self, root: Path):
        self.root = root
        self.result = Result()
        site = urlsplit(settings.SITE_URL)
        self.host = site.netloc or "localhost"
        self.client = Client(HTTP_HOST=self.host, secure=site.scheme == "https")
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")
        self.seen: set[str] = set()
        self.queue: deque[tuple[str, str]] = deque()

    def add(self, url: str, found_on: str) -> None:
        path = urlsplit(url).path
        if path not in self.seen:
            self.seen.add(path)
            self.queue.append((path, found_on))

    def run(self) -> Result:
        for language in ("nb", "en"):
            with translation.override(language):
                for name in START:
                    self.add(reverse(name), "(start)")
        while self.queue:
            path, found_on = self.queue.popleft()
            if path.startswith(self.static_prefix):
                self._static(path, found_on)
            else:
                self._page(path, found_on)
        with translation.override("nb"):
            self._write("404.html", self._fetch_404().encode("utf-8"))
        return self.result

    def _fetch_404(self) -> str:
        request_log = logging.getLogger("django.request")
        level = request_log.level
        request_log.setLevel(logging.ERROR)  # this 404 is asked for on purpose: no warning for it
        try:
            response = self.client.get("/finnes-ikke-i-eksporten/")
        finally:
            request_log.setLevel(level)
        return self._rewrite(response.content.decode("utf-8"), "404.html")

    def _page(self, path: str, found_on: str) -> None:
        response = self.client.get(path)
        for _attempt in range(3):
            if response.status_code != 202:
                break
            # A large round's PDF or DOCX is made by the task queue: run it here, then ask again.
            from tiltak.reports import tasks

            tasks.run_pending()
            response = self.client.get(path)
        if response.status_code != 200:
            raise ExportError(f"{path} (linked from {found_on}) answers {response.status_code}")
        target = file_for(path)
        content = b"".join(response) if response.streaming else response.content
        if response["Content-Type"].startswith("text/html"):
            content = self._rewrite(content.decode("utf-8"), target).encode("utf-8")
            self.result.pages += 1
        self._write(target, content)

    def _rewrite(self, html: str, target: str) -> str:
        def replace(match: re.Match) -> str:
            url = match.group("url")
            if url.startswith("//"):
                return match.group(0)
            self.add(url, target)
            return f'{match.group("prefix")}{relative(url, target)}"'

        return _ATTRIBUTE.sub(replace, html)

    def _static(self, path: str, found_on: str) -> None:
        source = _static_source(path)
        if source is None:
            raise ExportError(f"{path} (linked from {found_on}) is no static file")
        target = file_for(path)
        content = source.read_bytes()
        if target.endswith(".css"):
            for match in _CSS_URL.finditer(content.decode("utf-8")):
                url = match.group("url")
                if not url.startswith(("data:", "http:", "https:", "#", "/")):
                    self.add(posixpath.normpath(posixpath.join(posixpath.dirname(path), url)), target)
        self._write(target, content)

    def _write(self, target: str, content: bytes) -> None:
        destination = self.root / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(content)
        self.result.files += 1
        self.result.written.append(target)


def export_site(output: Path) -> Result:
    """Write the portal into ``output``, which must be missing, empty or an earlier export (replaced whole).
    Written into a temporary folder beside it first, so a failed export leaves nothing half-written."""
    output = output.resolve()
    if output.exists() and (not output.is_dir() or (any(output.iterdir()) and not (output / MARKER).exists())):
        raise ExportError(f"{output} exists and is not an earlier export of tiltak (no {MARKER}); choose another")
    output.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".tiltak-site-", dir=output.parent))
    try:
        site = urlsplit(settings.SITE_URL).netloc or "localhost"
        hosts = [*settings.ALLOWED_HOSTS, site.split(":")[0]]
        with override_settings(ALLOWED_HOSTS=hosts), exporting():
            result = _Exporter(work).run()
        (work / MARKER).write_text("A static export of tiltak's public portal (tiltak site).\n", encoding="utf-8")
        work.chmod(0o755)
        if output.exists():
            shutil.rmtree(output)
        work.rename(output)
        return result
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
