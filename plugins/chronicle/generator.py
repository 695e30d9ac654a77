"""The Pelican generator that loads ``content/`` and writes the Chronicle site.

Pelican calls ``generate_context`` on every generator, then
``generate_output``. Theme static files (theme/static -> output/theme/) are
copied by Pelican's own StaticGenerator through THEME_STATIC_PATHS.
"""

from __future__ import annotations

import itertools
import logging
import sys
import os
from pathlib import Path

from pelican.generators import Generator

from . import exports, feeds, geo, maps, pages
from .content import load_content
from .graph import SiteGraph, build_graph

logger = logging.getLogger(__name__)


class ContentProblems(SystemExit):
    """content/ has problems: the build stops with exit status 1 rather than publish them.

    A SystemExit, so Pelican lets it through without a traceback: the problems
    printed above it are the whole story.
    """

    def __init__(self, count: int):
        super().__init__(1)
        self.count = count


class ChronicleGenerator(Generator):
    graph: SiteGraph | None = None

    def generate_context(self) -> None:
        content, problems = load_content(Path(self.path))
        if problems:
            # Printed plainly, one per line, exactly as `chronicle check` prints them: Pelican's
            # logger would wrap the path:line:column that editors and their tools look for.
            for problem in problems:
                print(problem, file=sys.stderr)
            print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {self.path}; "
                  "fix them and build again (`make check` lists them too)", file=sys.stderr)
            raise ContentProblems(len(problems))
        # Natural Earth shapes, read once per build: countries and fallback points for places, and maps.
        atlas_dir = Path(self.settings.get("CHRONICLE_ATLAS") or geo.DEFAULT_ATLAS_DIR)
        detailed = geo.load_atlas(atlas_dir, "50m")
        self.cartographer = maps.Cartographer(detailed, geo.load_atlas(atlas_dir, "110m"))
        self.graph = build_graph(content, detailed)
        self.context["chronicle_graph"] = self.graph

    def generate_output(self, writer) -> None:  # writer unused: we write files ourselves
        if self.graph is None:
            return
        self.env.globals.update(pages.URL_FUNCTIONS)
        site_url = (self.settings.get("SITEURL") or "").rstrip("/")
        common = {
            "SITENAME": self.settings.get("SITENAME", "Chronicle"),
            "SITESUBTITLE": self.settings.get("SITESUBTITLE", ""),
            "SITEURL": site_url,
            "lang": self.settings.get("DEFAULT_LANG", "en"),
        }
        written: list[str] = []
        for page in pages.all_pages(self.graph, self.settings):
            page.context["map"] = self.cartographer.for_page(page.template, page.context, self.graph)
            self._write(page.url, self._render(page, common, site_url))
            written.append(page.url)
        self.cartographer.write_basemaps(self.output_path)  # each map view the pages used, once
        not_found = pages.Page("404.html", "404", "Page not found",
                               "There is no page at this address.", "")
        # A 404 page is served at any depth, so its links start from the site root.
        self._write("404.html", self._render(not_found, common, site_url, root=f"{site_url}/"))
        self._write("sitemap.xml", pages.sitemap_xml(written, site_url))
        meta = exports.site_meta(self.settings)
        for path, text in itertools.chain(feeds.atom_feeds(self.graph, meta),
                                          exports.download_files(self.graph, meta)):
            self._write(path, text)
        # Pelican's own summary counts its articles, which Chronicle does not use: say what was built.
        print(f"Chronicle: {len(self.graph.incidents)} incidents, {len(self.graph.content.actors)} actors, "
              f"{len(self.graph.content.places)} places; wrote {len(written) + 1} pages to {self.output_path}")

    def _render(self, page: pages.Page, common: dict, site_url: str, root: str | None = None) -> str:
        template = self.get_template(page.template)
        return template.render(
            **common,
            **page.context,
            page=page,
            root=root if root is not None else pages.root_prefix(page.url),
            canonical=pages.absolute_url(site_url, page.url) if page.url != "404.html" else None,
        )

    def _write(self, url: str, text: str) -> None:
        path = os.path.join(self.output_path, pages.output_file(url))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # newline="\n": byte-identical output on every platform.
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
