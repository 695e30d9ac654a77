"""The Pelican generator that loads ``content/`` and writes the Chronicle site.

Pelican calls ``generate_context`` on every generator, then
``generate_output``. Everything Chronicle publishes, theme static files
included (theme/static -> output/theme/), goes through ``outputs.OutputDir``,
which writes only files whose bytes changed. When neither content, theme,
settings nor code changed since the last build and output/ is as that build
left it, nothing is loaded or rendered at all (see ``build_state``).
"""

from __future__ import annotations

import functools
import logging
import sys
import time
from pathlib import Path

from pelican.generators import Generator

from chronicle.engine import build_state, processes, render_pool, templating
from chronicle.site import exports, feeds, geo, maps, pages, publication, render, search_index
from chronicle.content.parse_cache import ParseCache
from chronicle.engine.collector import collector_paused, release_freed_memory, young_collected
from chronicle.core.settings import read_settings
from chronicle.content.evidence import evidence_warnings
from chronicle.content.load import load_content
from chronicle.content.public import public_content
from chronicle.site.graph import SiteGraph, build_graph
from chronicle.engine.outputs import OutputDir

logger = logging.getLogger(__name__)


def file_kind(path: str) -> str:
    """What CHRONICLE_TIMINGS calls a file that is not a page."""
    if path.endswith((".atom", ".xml")):
        return "feeds"
    if path.startswith(f"{maps.MAPS_DIR}/"):
        return "basemaps"
    if path.startswith(f"{search_index.FOLDER}/"):
        return "search index"
    return f"download {path.rsplit('/', 1)[-1]}"


def write_search_index(graph: SiteGraph, root: Path) -> tuple[dict, int, float]:
    """Build and write the search index (in a process of its own); what it wrote, and its CPU time."""
    start, output = time.process_time(), OutputDir(root)
    for path, text in search_index_files(graph):
        output.write(path, text)
    return output.written, output.changed, time.process_time() - start


def search_index_files(graph: SiteGraph) -> list[tuple[str, str]]:
    with collector_paused():  # hundreds of thousands of small objects, no cycles
        index = search_index.site_index(graph)
    return list(search_index.index_files(index))


SUMMARY_CHUNK = 100  # summaries a process renders at a time


class Summaries:
    """Every incident's summary rendered once, in processes started as soon as content is loaded.

    Pages, feeds and the TimelineJS download all show them, and are made in different processes:
    rendered there, most summaries would be rendered two or three times. The helper processes
    take chunks from a shared counter while this process builds the graph; then this process
    takes what chunks are left, rather than wait with a core idle. What they render goes into a
    shared arena, where this process and the render processes forked later read it.
    """

    def __init__(self, texts: list[str], counter=None, arena: processes.SharedArena | None = None,
                 started: tuple = ()):
        self.texts, self.counter, self.arena, self.started = texts, counter, arena, started

    def prime(self) -> None:
        """Take the rendered HTML and plain text in for ``render.markdown`` and ``render.plain_text``
        (none from an earlier build of a long-running process when there is nothing started:
        pages then render as they go)."""
        if self.counter is not None:
            chunks = render_chunks(self.texts, self.counter, self.arena)
            chunks += [chunk for started in self.started for chunk in started.result()]
            render.prime_markdown(self.texts, (self._block(where, lengths) for _first, where, lengths
                                               in sorted(chunks)))
        self.texts, self.counter, self.arena, self.started = [], None, None, ()
        release_freed_memory()

    def _block(self, where, lengths: list[int]) -> tuple:
        """A chunk's rendered bytes: in the arena (where it starts), or as sent when it had no room."""
        return (self.arena.view(where, sum(lengths)) if isinstance(where, int) else where), lengths


def render_chunks(texts: list[str], counter, arena: processes.SharedArena) -> list[tuple]:
    """Chunks of ``texts`` rendered ahead (render.render_ahead), as many as are left to take:
    (first text's number, where in ``arena`` its bytes are or the bytes themselves, their lengths)."""
    done = []
    while (first := processes.take(counter, SUMMARY_CHUNK)) < len(texts):
        with young_collected():  # Markdown's short-lived objects, as a page's (render_pool)
            block, lengths = render.render_ahead(texts[first:first + SUMMARY_CHUNK])
        where = arena.put(block)
        done.append((first, block if where is None else where, lengths))
    return done


def start_summaries(content, jobs: int) -> Summaries:
    """Summaries rendered in ``jobs - 1`` processes beside this one, which builds the graph."""
    if jobs <= 1:
        return Summaries([])
    texts = sorted({incident.summary for incident in content.incidents.values() if incident.summary})
    # Room for HTML and plain text of a few bytes a character: more than summaries take but for
    # heavy escaping (a chunk that does not fit is sent back instead). Only pages written count.
    arena = processes.SharedArena(4 * sum(map(len, texts)) + (1 << 20))
    counter = processes.shared_counter()
    helpers = [processes.start(functools.partial(render_chunks, texts, counter, arena)) for _ in range(jobs - 1)]
    return Summaries(texts, counter, arena, tuple(helpers))


class ContentProblems(SystemExit):
    """content/ has problems: the build stops with exit status 1 rather than publish them.

    A SystemExit, so Pelican lets it through without a traceback: the problems
    printed above it are the whole story.
    """

    def __init__(self, count: int):
        super().__init__(1)
        self.count = count


def autoreloading() -> bool:
    """True inside ``pelican --autoreload``'s loop (``make regenerate``, ``make devserver``).

    There a build must not raise: Pelican's loop goes straight back to building after an
    exception, without waiting for a change, so a typo made it build again and again."""
    import pelican

    loop = getattr(pelican, "autoreload", None)
    frame = sys._getframe(1)
    while frame is not None:
        if loop is not None and frame.f_code is loop.__code__:
            return True
        frame = frame.f_back
    return False


def stop_build(why: str, count: int = 1) -> bool:
    """Stop this build with exit status 1; in a live preview, say so and return True instead (the
    caller writes nothing, the site stays as last built, and the preview waits for a change)."""
    if autoreloading():
        print(f"{why}; fix and save: the site is built again then", file=sys.stderr)
        return True
    raise ContentProblems(count)


class ChronicleGenerator(Generator):
    graph: SiteGraph | None = None
    state: build_state.BuildState | None = None
    unchanged: bool = False

    def generate_context(self) -> None:
        self.options = options = read_settings(self.settings)
        timer = build_state.StageTimer(options.timings)
        cache_dir = options.cache
        cache = ParseCache.load(cache_dir / "yaml.marshal" if cache_dir else None)
        # The Natural Earth shapes the maps are drawn from are an input like content/.
        atlas_dir = options.atlas or geo.DEFAULT_ATLAS_DIR
        self.state = build_state.BuildState.start(cache_dir, Path(self.path), Path(self.theme), self.settings,
                                                  atlas_dir)
        timer.done("fingerprint")
        self.output = OutputDir(Path(self.output_path))
        self.unchanged = self.state.unchanged(self.output)
        self.context["chronicle_unchanged"] = self.unchanged
        if self.unchanged:
            return
        with collector_paused(keep=True):
            # As many reading processes as the machine has for it: a small site is read in one
            # (load_content decides by its number of files).
            spread = functools.partial(processes.in_batches, processes=render_pool.jobs(options.jobs))
            content, problems = load_content(Path(self.path), cache, spread)
        for warning in evidence_warnings(content) if not problems else ():
            print(warning, file=sys.stderr)  # the site builds: the editor looks when they can
        if problems:
            cache.save()  # what did parse need not be parsed again
            # Printed plainly, one per line, exactly as `chronicle check` prints them: Pelican's
            # logger would wrap the path:line:column that editors and their tools look for.
            for problem in problems:
                print(problem, file=sys.stderr)
            print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {self.path}; "
                  "fix them and build again (`make check` lists them too)", file=sys.stderr)
            stop_build(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {self.path}", len(problems))
            return  # a live preview: nothing written (generate_output finds no graph)
        content = public_content(content, options.publish_drafts, options.publish_notes)
        # Work that needs only what is made so far starts now in processes of its own, beside the
        # stages that run in this process alone (saving the cache, the graph here, map planning
        # later), which would leave the other cores idle. Summaries need only the content.
        self.jobs = render_pool.jobs(options.jobs, len(content.incidents) + len(content.actors) + len(content.places))
        self.summaries = start_summaries(content, self.jobs)
        cache.save()
        self.state.inputs_read(cache.stats)
        del cache  # the marshalled YAML of every file: not needed past this point
        release_freed_memory()
        timer.done("load content" + (" (summaries started)" if self.jobs > 1 else ""))
        # Natural Earth shapes, read once per build: countries and fallback points for places, and maps.
        with collector_paused(keep=True):
            detailed = geo.load_atlas(atlas_dir, "50m")
            self.cartographer = maps.Cartographer(detailed, geo.load_atlas(atlas_dir, "110m"))
            self.graph = build_graph(content, detailed)
        self.context["chronicle_graph"] = self.graph
        timer.done("site graph" + (" (summaries rendered beside it)" if self.jobs > 1 else ""))
        # Taken in before the search index starts: the summaries' processes hold their results
        # until then, and the index needs the most memory of any task.
        self.summaries.prime()
        timer.done("summaries (Markdown) taken in")
        # Facts the search index, the maps and the pages all ask of the graph: worked out once, here,
        # not in each process forked from now on.
        self.graph.settle()
        # The search index needs only the graph; it writes its own files while maps are planned.
        self.search = processes.start(functools.partial(write_search_index, self.graph, self.output.root)
                                        ) if self.jobs > 1 else None

    def generate_output(self, writer) -> None:  # writer unused: we write files ourselves
        if self.unchanged:
            print(f"Chronicle: nothing changed since the last build; {self.output_path} left as it was")
            return
        if self.graph is None:
            return
        options = self.options
        timer = build_state.StageTimer(options.timings)
        # Templates do not change during a build: skip Jinja's per-render check of every file's mtime.
        self.env.auto_reload = False
        self.env.globals.update(pages.URL_FUNCTIONS)
        templating.prepare(self.env)
        templating.settle_globals(self.env, self._templates_path)
        site_url = options.site_url
        common = {
            "SITENAME": options.site_name,
            "SITESUBTITLE": options.site_subtitle,
            "lang": options.lang,
        }
        meta = publication.site_meta(options)
        # What the downloads and their page say about the data (its last change from every
        # incident's sources): worked out once, here, before the processes that make them fork.
        about = exports.about_data(self.graph, meta)
        # Every page's map is worked out here, once, so that each basemap is a task of its own,
        # drawn in parallel with the pages, and the pages find their maps made.
        with collector_paused(keep=True):  # thousands of maps and views, kept for the build, no cycles
            planned = self.cartographer.plan(self.graph)
        basemaps = [functools.partial(self.cartographer.basemaps, [view]) for view in planned]
        timer.done("maps planned" + (" (search index made beside it)" if self.search is not None else ""))
        # Basemaps first: small tasks, for this process to draw while the search index is still
        # being made. Then feeds and downloads: the largest pieces, best started early so that
        # the small page tasks fill in around them.
        files = [*basemaps, lambda: feeds.atom_feeds(self.graph, meta), *exports.download_makers(self.graph, meta, about)]
        if self.search is None:
            files.insert(len(basemaps), lambda: search_index_files(self.graph))
        makers = files + pages.page_makers(self.graph, options, downloads=False)

        def make(index: int, output: OutputDir) -> tuple[list[str], str, float, list]:
            """Write what makers[index] makes. Returns the URLs of its pages (for the sitemap), what
            kind of files it made and the CPU seconds that took (for CHRONICLE_TIMINGS), and the map
            views it was first to use in this process (the parent draws each view once)."""
            start, urls, kind, views = time.process_time(), [], "", len(self.cartographer.views)
            for item in makers[index]():
                if isinstance(item, pages.Page):
                    if item.subject is not None:
                        item.context["map"] = self.cartographer.figure(item.subject, self.graph)
                    output.write(pages.output_file(item.url), self._render(item, common, site_url))
                    urls.append(item.url)
                    kind = kind or f"{item.template} pages"
                else:
                    path, text = item
                    output.write(pages.output_file(path), text)
                    kind = kind or file_kind(path)
            return urls, kind, time.process_time() - start, list(self.cartographer.views.values())[views:]

        costs, made = [], {}
        if self.search is not None:
            # Rather than wait with a core idle, draw basemaps here until the index is written: the
            # render processes are forked after it, so that its memory and theirs never add up.
            while len(made) < len(basemaps) and not self.search.done():
                with young_collected():
                    made[len(made)] = make(len(made), self.output)
            written, changed, seconds = self.search.result()
            self.output.merge(written, changed)
            costs.append(("search index", seconds))
            timer.done(f"search index written ({len(made)} basemaps drawn meanwhile)")
        jobs = render_pool.jobs(options.jobs, len(makers))
        made.update(render_pool.run(make, len(makers), jobs, self.output, first=len(made)))
        written = [url for index in range(len(makers)) for url in made[index][0]]
        # The downloads page gives each file's size: made now that they are all written.
        sizes = {key: (Path(self.output.root) / path).stat().st_size for key, path in pages.DOWNLOADS.items()}
        downloads = pages.downloads_page(self.graph, about, sizes)
        self.output.write(pages.output_file(downloads.url), self._render(downloads, common, site_url))
        written.append(downloads.url)
        timer.done(f"render {len(written)} pages, feeds, downloads ({jobs} process{'es' if jobs > 1 else ''})")
        # Pages are written after each batch is made (OutputDir.held), outside each kind's time.
        costs.append(("writing the batches' files", self.output.held_seconds))
        timer.costs([*costs, *((kind, seconds) for _urls, kind, seconds, _views in made.values())])
        for *_made, views in made.values():
            for view in views:
                self.cartographer.views.setdefault(view.key, view)
        start = time.process_time()
        # Views a page used that the plan did not foresee (there should be none) are drawn here.
        for url, text in self.cartographer.basemap_files(drawn={view.key for view in planned}):
            self.output.write(url, text)
        timer.done(f"basemaps for maps ({time.process_time() - start:.3f} s CPU)")
        not_found = pages.Page("404.html", "404", "Page not found",
                               "There is no page at this address.", "")
        # A 404 page is served at any depth, so its links start from the site root.
        self.output.write("404.html", self._render(not_found, common, site_url, root=f"{site_url}/"))
        self.output.write("sitemap.xml", pages.sitemap_xml(written, site_url))
        static = Path(self.theme) / "static"
        if static.is_dir():
            self.output.copy_tree(static, options.theme_static_dir)
        timer.done("static files")
        removed = self.state.finish(self.output)
        # Pelican's own summary counts its articles, which Chronicle does not use: say what was built.
        print(f"Chronicle: {len(self.graph.incidents)} incidents, {len(self.graph.content.actors)} actors, "
              f"{len(self.graph.content.places)} places; wrote {len(written) + 1} pages to {self.output_path} "
              f"({self.output.changed} files changed, {len(removed)} removed)")

    def _render(self, page: pages.Page, common: dict, site_url: str, root: str | None = None) -> str:
        template = self.get_template(page.template)
        return template.render(
            **common,
            **page.context,
            page=page,
            root=root if root is not None else pages.root_prefix(page.url),
            canonical=publication.absolute_url(site_url, page.url) if page.url != "404.html" else None,
        )
