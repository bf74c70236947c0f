"""mkdocs hooks: the built site must load nothing from the internet; stand-ins for pending pages.

`on_post_build` fails the build when any built page or stylesheet would load a resource
(script, stylesheet, font, image, frame) from another host: the site must work with no
network, behind any firewall, and leak no reader's visit to a CDN. Links (``<a href>``) to
other sites are fine: they load nothing until followed.

`on_files` stands in for pages that other branches of this wave are still writing: the
navigation lists every page the site will have, and for each page in `PENDING` that does
not exist yet it adds a one-line placeholder, so ``mkdocs build --strict`` still runs. A page
that exists is never touched, and any other missing page or broken link still fails the
strict build. Empty `PENDING` once those pages are merged.
"""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.hooks.poststack")

#: page -> the issue whose branch writes it
PENDING: dict[str, str] = {}


def on_files(files: Any, config: Any) -> Any:
    # mkdocs is imported here, not at the top, so tests can import remote_loads without it.
    from mkdocs.structure.files import File  # noqa: PLC0415 - see the comment above

    for page, issue in PENDING.items():
        if files.get_file_from_path(page) is None:
            log.info("placeholder for %s (written for issue %s)", page, issue)
            title = page.removesuffix(".md").capitalize()
            content = f"# {title}\n\nThis page is being written for issue {issue}.\n"
            files.append(File.generated(config, page, content=content))
    return files


_REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"""(?:url\(|@import)\s*['"]?((?:[a-z][a-z0-9+.-]*:)?//[^'")\s]+)""", re.I)
# (tag, attribute) pairs that make a browser fetch something as the page loads
_LOADS = {
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
}
_LOADING_RELS = {
    "stylesheet",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "icon",
    "modulepreload",
}


class _RemoteLoads(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for wanted_tag, attribute in _LOADS:
            if tag == wanted_tag and _REMOTE.match(values.get(attribute, "")):
                self.found.append(f"<{tag} {attribute}={values[attribute]}>")
        rels = set(values.get("rel", "").lower().split())
        if tag == "link" and rels & _LOADING_RELS and _REMOTE.match(values.get("href", "")):
            self.found.append(f"<link rel={values['rel']} href={values['href']}>")
        self.found += _CSS_URL.findall(values.get("style", ""))

    def handle_data(self, data: str) -> None:
        self.found += _CSS_URL.findall(data)  # inline <style> blocks


def remote_loads(site_dir: Path) -> list[str]:
    """Every resource a built page or stylesheet would fetch from another host."""
    problems: list[str] = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix == ".html":
            parser = _RemoteLoads()
            parser.feed(path.read_text(encoding="utf-8"))
            found = parser.found
        elif path.suffix == ".css":
            found = _CSS_URL.findall(path.read_text(encoding="utf-8"))
        else:
            continue
        problems += [f"{path.relative_to(site_dir)}: {item}" for item in found]
    return problems


def on_post_build(config: Any) -> None:
    from mkdocs.exceptions import PluginError  # noqa: PLC0415 - as in on_files

    problems = remote_loads(Path(config["site_dir"]))
    if problems:
        listed = "\n  ".join(problems[:20])
        raise PluginError(f"the site would load resources from the internet:\n  {listed}")
