"""Page addresses for links inside generated HTML.

MkDocs rewrites links written in Markdown, but not those inside raw HTML blocks, so
generated HTML must carry the final relative address. It depends on whether the build
uses directory URLs (web: ``guide/schools/``) or not (offline: ``guide/schools.html``).
"""

from __future__ import annotations

import posixpath
from functools import lru_cache


@lru_cache(maxsize=65536)
def _relative(target: str, base: str) -> str:
    # posixpath.relpath is slow, and the same pairs recur across pages of a large site.
    return posixpath.relpath(target, base)


def url_style(directory_urls: bool) -> str:
    """"directory-urls" (web) or "file-urls" (offline): names what differs between the two builds."""
    return "directory-urls" if directory_urls else "file-urls"


def page_url(src: str, directory_urls: bool) -> str:
    """The site-relative URL of a Markdown source path, as MkDocs computes it."""
    stem, ext = posixpath.splitext(src)
    if ext != ".md":
        return src
    if not directory_urls:
        return stem + ".html"
    if posixpath.basename(stem) in ("index", "README"):
        parent = posixpath.dirname(stem)
        return parent + "/" if parent else ""
    return stem + "/"


class Linker:
    """Makes links from one page to other pages and files of the same site."""

    def __init__(self, from_src: str, directory_urls: bool):
        self.directory_urls = directory_urls
        self.from_url = page_url(from_src, directory_urls)
        self._memo: dict[str, str] = {}  # a checklist links the same few reports many times

    def __call__(self, target_src: str, anchor: str = "") -> str:
        if target_src not in self._memo:
            self._memo[target_src] = self._relative_url(target_src)
        return self._memo[target_src] + (f"#{anchor}" if anchor else "")

    def _relative_url(self, target_src: str) -> str:
        target = page_url(target_src, self.directory_urls)
        base = self.from_url if self.from_url.endswith("/") or not self.from_url else posixpath.dirname(self.from_url)
        rel = _relative(target or ".", base or ".")
        if target.endswith("/") or not target:
            rel = "./" if rel == "." else rel + "/"
        return rel
