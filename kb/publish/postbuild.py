"""The steps after a site is built, on the built folder alone: any engine's output can go through them.

- :func:`search_index`: the site's search index, built from its pages with Pagefind (kb.publish.search makes
  each page's document), in search/; for a site opened from a folder (file://) every file the browser
  loads is also a classic script, since Chromium refuses fetch and workers for file URLs.
- :func:`bundle`: the offline site as a reproducible zip in dist/, under the build lock.

`kb search-index SITE` and `kb bundle SITE` run them from the command line (after a build by another
engine, for example); hooks/search_index.py calls the same function, and `python -m kb.infra.build --bundle`
zips the site with kb.infra.bundle.stage_bundle once the engine has succeeded.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import hashlib
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

from kb.core.messages import BUILD
from kb.core.model import KnowledgeBase
from kb.infra.atomic import build_locked, write_text
from kb.infra.bundle import (
    NOT_BUNDLED,
    bundle_target,
    edition_prefix,
    remove_stale_bundles,
    write_zip,
)
from kb.infra.cache import ContentCache, TrackedStore, store
from kb.publish.search import (
    ARTICLE,
    INDEX_LANGUAGE,
    checklist_parts,
    document_title,
    document_words,
    index_document,
    kept_dictionary_lines,
    measure_parts,
    measure_section,
    page_extras,
    part_document,
    part_url,
    use_dictionary,
    vocabulary,
)
from kb.publish.urls import url_style

SEARCH = "search"  # the index's folder in the site
WORDS = "words.js"  # the index's Chinese words, for splitting queries (docs/assets/search.js)
# What Pagefind writes besides the index that this site does not use (its own UIs, its worker:
# docs/assets/search.js shows results in the theme's search box and searches on the main thread).
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
    "pagefind-worker.js",
    "wasm.unknown.pagefind",
)
# What the browser loads of the index: for file:// each one becomes <file>.js (kbSearchChunk(...)).
INDEX_FILES = (
    "pagefind-entry.json",
    "*.pf_meta",
    "wasm.*.pagefind",
    "index/*",
    "fragment/*",
    "filter/*",
)
NOT_PAGES = ("404.html",)
# pagefind.js is an ES module; the browser loads it as a classic script (file:// runs no modules).
# Each change is expected exactly once; another Pagefind version fails the build until checked.
CLASSIC_SCRIPT = (
    (re.compile(r"export\{([^}]*)\};?\s*$"), r"self.kbPagefind={\1};"),
    (
        re.compile(r"import\.meta\.url"),
        "undefined",
    ),  # the index's folder is given as basePath
    # The index's language, not the page's: the browser splits queries itself (kb.publish.search).
    (
        re.compile(
            r"\.\.\.instanceOptions,(basePath:[^,]*,)language:detectLanguage\(\)"
        ),
        r"...instanceOptions,\1language:instanceOptions?.language||detectLanguage()",
    ),
    # Index files come through docs/assets/search.js, which loads them as scripts over file://.
    (
        re.compile(r"await fetch\(queued\.input\)"),
        "await (self.kbSearchFetch||fetch)(queued.input)",
    ),
    # The excerpt of each sub-result split the page's whole text again: a 100x checklist page (2,700
    # measures, hundreds of matching sections) took over a minute. The same excerpts, the words split
    # once per page and only the shown ones marked.
    (
        re.compile(
            r"var build_excerpt=\(content,start,length,locations,not_before,not_from\)=>\{.*?"
            r"return\{excerpt,plain_excerpt\};\};",
            re.DOTALL,
        ),
        lambda _: FAST_EXCERPT,
    ),
)
EXPECTED = {0: 1, 1: 4, 2: 1, 3: 1, 4: 1}
FAST_EXCERPT = (
    "var kbWords={content:null};"
    "var build_excerpt=(content,start,length,locations,not_before,not_from)=>{"
    'if(kbWords.content!==content){kbWords.content=content;kbWords.zws=content.includes("\\u200B");'
    'kbWords.words=kbWords.zws?content.split("\\u200B"):content.split(/[\\r\\n\\s]+/g);}'
    "const fragment_words=kbWords.words;let endcap=not_from??fragment_words.length;let startcap=not_before??0;"
    "if(endcap-startcap<length){length=endcap-startcap;}if(start+length>endcap){start=endcap-length;}"
    'if(start<startcap){start=startcap;}const joiner=kbWords.zws?"":" ";'
    "const shown=fragment_words.slice(start,start+length);const plain_excerpt=shown.join(joiner).trim();"
    "for(let word of locations){const i=word-start;"
    'if(i>=0&&i<shown.length&&!shown[i].startsWith("<mark>")){shown[i]=`<mark>${shown[i]}</mark>`;}}'
    "const excerpt=shown.join(joiner).trim();return{excerpt,plain_excerpt};};"
)


def _directory_urls(site_dir: Path) -> bool:
    """Whether the site uses directory URLs (every page an index.html)."""
    return all(
        p.name == "index.html"
        for p in site_dir.rglob("*.html")
        if p.name not in NOT_PAGES
    )


def page_url_of(path: Path, site_dir: Path, directory_urls: bool) -> str:
    relative = path.relative_to(site_dir).as_posix()
    return relative.removesuffix("index.html") if directory_urls else relative


def classic_script(module: str) -> str:
    """Pagefind's pagefind.js (an ES module) as a classic script defining self.kbPagefind."""
    for number, (pattern, replacement) in enumerate(CLASSIC_SCRIPT):
        module, count = pattern.subn(replacement, module)
        if count != EXPECTED[number]:
            raise ValueError(BUILD["pagefind_changed"].format(pattern=pattern.pattern))
    return f"(function(){{{module}\n}})();\n"


def as_script(path: Path, name: str) -> None:
    """Replace an index file by a classic script that hands its bytes to docs/assets/search.js."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    write_text(
        path.with_name(path.name + ".js"),
        f'kbSearchChunk({json.dumps(name)},"{data}");\n',
    )
    path.unlink()


def indexed_pages(site_dir: Path) -> dict[Path, str]:
    """The built pages the index is made of (not the 404 page, the index or assets), in a stable
    order, each with a digest of what the index reads of it: its article (the whole page if it has
    none). A page that differs only around its article (another edition's name and edition line, a
    navigation entry) keeps its document."""
    found = {}
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        if relative in NOT_PAGES or relative.startswith((SEARCH + "/", "assets/")):
            continue
        text = path.read_text(encoding="utf-8")
        article = ARTICLE.search(text)
        read = article.group(1) if article is not None else text
        found[path] = hashlib.blake2b(read.encode("utf-8"), digest_size=16).hexdigest()
    return found


def documents(
    site_dir: Path, kb: KnowledgeBase, directory_urls: bool, kept: ContentCache | None = None, salt: str = "",
    pages: dict[Path, str] | None = None,
) -> dict[str, str]:
    """Each page's index document (kb.publish.search.index_document) by its URL relative to the site,
    and after a checklist page the parts of its measures (kb.publish.search.checklist_parts).

    With `kept` (and `salt`, the segmentation's dictionary), a page's document and a measure's section
    are reused from the last build while the page's bytes, or the measure's text, are unchanged:
    segmenting them is the slow part, and an edit changes few of them. `pages`: :func:`indexed_pages`,
    when the caller has it already."""
    kept = kept or ContentCache(None)
    extras = page_extras(kb, directory_urls)

    def section(kb: KnowledgeBase, m) -> str:
        text = json.dumps([m.id, m.title, m.status, measure_parts(kb, m), salt], ensure_ascii=False)
        return kept.get("section", text, lambda: measure_section(kb, m))

    parts = checklist_parts(kb, directory_urls, section)
    found: dict[str, str] = {}
    for path, digest in (pages if pages is not None else indexed_pages(site_dir)).items():
        url = page_url_of(path, site_dir, directory_urls)
        extra = extras.get(url, "")
        document = kept.get("document", f"{url}\0{digest}\0{extra}\0{salt}", lambda path=path, url=url: index_document(
            path.read_text(encoding="utf-8"), url, extras))
        if document is not None:
            found[url] = document
            title = document_title(document)
            for number, sections in enumerate(parts.get(url, ()), 1):
                found[part_url(url, number)] = part_document(title, sections)
    return found


def document_vocabulary(docs: dict[str, str], kept: ContentCache | None = None) -> list[str]:
    """The index's Chinese words (kb.publish.search.vocabulary), each document's reused from the last
    build while the document is unchanged."""
    kept = kept or ContentCache(None)
    words: set[str] = set()
    for document in docs.values():
        words.update(kept.get("words", document, lambda document=document: vocabulary(document_words(document))))
    return sorted(words)


class _NoPollDelay:
    """The asyncio that Pagefind's Python service sees, without the 0.1 s sleep it takes before reading
    each response (pagefind 1.5.2, PagefindService._wait_for_responses): one page after another, that
    sleep was 85 % of the index's time (18.8 s of 22 s for 175 pages), with the service idle. The read
    that follows waits for the response anyway, so nothing else changes."""

    def __getattr__(self, name: str):
        return getattr(asyncio, name)

    @staticmethod
    async def sleep(delay: float, result=None):
        return await asyncio.sleep(0, result)


def _without_poll_delay() -> None:
    import inspect

    from pagefind import service

    if service.asyncio is asyncio and "asyncio.sleep(0.1)" in inspect.getsource(
        service.PagefindService._wait_for_responses
    ):
        service.asyncio = (
            _NoPollDelay()
        )  # only for the service module; another version is left as it is


# The service's replies are read whole, without a limit: one reply holds every index file, base64-encoded
# (about 32 MB at 100x). The wrapper's reader stops at 2 MiB, and past it waits for ever (the reply's
# future is never resolved, and the service cannot be waited for while its output is unread).
WHOLE_REPLY = sys.maxsize


async def _index_contents(docs: dict[str, str]) -> dict[str, bytes]:
    """Every file Pagefind makes of the documents, by its path under search/, taken from the service's
    memory (GetFiles) rather than written by it. Pagefind's WriteFiles answers while the last write of a
    file can still be pending on its runtime's blocking pool, and the wrapper then terminates the
    service: under load a file (pagefind.js once in CI) was left short for good."""
    from pagefind.service import PagefindService

    _without_poll_delay()

    service = await PagefindService().launch()
    try:
        service._backend.stdout._limit = WHOLE_REPLY  # the wrapper's reader; no public way to raise it
        index = await service.create_index({"force_language": INDEX_LANGUAGE})  # type: ignore[arg-type]
        for url, document in docs.items():
            await index.add_html_file(content=document, url=url)
        # If the reader fails (the service died), the reply's future is never resolved: fail instead.
        files = asyncio.ensure_future(index.get_files())
        await asyncio.wait((files, service._poll_task), return_when=asyncio.FIRST_COMPLETED)
        if not files.done():
            service._poll_task.result()  # raises the reader's error
        return {str(file["path"]): bytes(file["content"]) for file in files.result()}
    finally:
        await service.close()


def index_contents(docs: dict[str, str]) -> dict[str, bytes]:
    """Every file Pagefind makes of the documents (by URL), by its path under search/. Runs the service
    in a thread of its own: the caller may have an event loop running (a test's browser, a server)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _index_contents(docs)).result()


def search_index(
    site_dir: Path,
    kb: KnowledgeBase,
    root: Path | None = None,
    offline: bool | None = None,
) -> Path:
    """Build the site's search index into site_dir/search/ and return that folder.

    With the project's `root`, the generated dictionary and the index itself are reused from its last
    build (kb.infra.cache) while the built pages, the dictionary and what the index read of the
    knowledge base are unchanged: segmenting every page and Pagefind's run are most of a warm build's
    time. `offline` (default: the site has no directory URLs, as the offline build) also writes every
    index file as a classic script, for file://.
    """
    directory_urls = _directory_urls(site_dir)
    if offline is None:
        offline = not directory_urls
    lines = kept_dictionary_lines(kb, root)
    pages = indexed_pages(site_dir)
    listing = "\n".join(f"{path.relative_to(site_dir).as_posix()} {digest}" for path, digest in pages.items())
    kept_index = TrackedStore(root, "search-index", (listing, "\n".join(lines), str(directory_urls), str(offline)))
    files = kept_index.get("index", kb, lambda kb: _index_files(site_dir, kb, root, lines, pages, directory_urls, offline))
    kept_index.save()
    output = site_dir / SEARCH
    if output.exists():
        shutil.rmtree(output)
    for name, content in files.items():
        target = output / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return output


def _index_files(site_dir: Path, kb: KnowledgeBase, root: Path | None, lines: list[str], pages: dict[Path, str],
                 directory_urls: bool, offline: bool) -> dict[str, bytes]:
    """Every file of the search index, by its path under search/: built in a folder of its own, then read."""
    use_dictionary(lines)
    kept = store(root, f"search-documents-{url_style(directory_urls)}", binary=True)
    salt = hashlib.blake2b("\n".join(lines).encode("utf-8")).hexdigest()
    docs = documents(site_dir, kb, directory_urls, kept, salt, pages)
    words = document_vocabulary(docs, kept)
    kept.save()
    made = index_contents(docs)
    with tempfile.TemporaryDirectory(prefix="kb-search-") as folder:
        output = Path(folder) / SEARCH
        for name, content in made.items():
            if name in UNUSED:
                continue
            target = output / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        module = output / "pagefind.js"
        write_text(module, classic_script(module.read_text(encoding="utf-8")))
        write_text(
            output / WORDS,
            f"kbSearchWords({json.dumps(' '.join(words), ensure_ascii=False)});\n",
        )
        if offline:
            for pattern in INDEX_FILES:
                for path in sorted(output.glob(pattern)):
                    if path.is_file():
                        as_script(path, path.relative_to(output).as_posix())
        return {path.relative_to(output).as_posix(): path.read_bytes()
                for path in sorted(output.rglob("*")) if path.is_file()}


def bundle(site_dir: Path, root: Path) -> Path:
    """Zip the offline site into root/dist/<name>.zip under one folder; returns the zip's path.

    Holds the build lock of root: a running build or another `kb bundle` is waited for."""
    with build_locked(root):
        remove_stale_bundles(root)
        edition = site_edition(site_dir)
        target = bundle_target(root, edition)
        return write_zip(
            site_dir,
            target,
            folder=target.stem,
            exclude=NOT_BUNDLED,
            prefix=edition_prefix(root, edition),
        )


def site_edition(site_dir: Path) -> str:
    """The region's code of a built site (its api/kb.json), or "" for the national edition."""
    try:
        region = json.loads(
            (site_dir / "api" / "kb.json").read_text(encoding="utf-8")
        ).get("region")
    except (OSError, ValueError):
        return ""
    code = region.get("code") if isinstance(region, dict) else None
    return (
        code
        if isinstance(code, str) and re.fullmatch(r"[a-z]+(-[a-z]+)*", code)
        else ""
    )
