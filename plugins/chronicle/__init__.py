"""Chronicle: a Pelican plugin that turns news articles into a cross-linked event timeline.

Pelican loads this package through ``PLUGIN_PATHS``/``PLUGINS`` and calls
``register()``. Two hooks plug in, in the order of the flow:

* ``initialized``: when ``CHRONICLE_EXTRACT_ON_BUILD`` is on, new seeds in
  ``CHRONICLE_SEEDS`` are extracted into draft YAML under ``content/`` first;
* ``get_generators``: ``ChronicleGenerator`` loads and validates ``content/``,
  builds the site graph and writes every page;
* ``finalized``: Pagefind indexes the written pages into ``output/pagefind/``.
"""

from pelican import signals


def _extract_new_seeds(pelican) -> None:
    settings = pelican.settings
    if not settings.get("CHRONICLE_EXTRACT_ON_BUILD", False):
        return
    from pathlib import Path

    from .extract.seed import list_seeds
    from .pipeline import extract_seeds, report_lines

    seeds_dir = Path(settings.get("CHRONICLE_SEEDS", "seeds"))
    content_dir = Path(settings.get("PATH", "content"))
    report = extract_seeds(list_seeds(seeds_dir), content_dir, only_new=True)
    for line in report_lines(report):
        print(line)
    if report.errors:
        raise SystemExit(1)


def _generators(pelican):
    from .generator import ChronicleGenerator

    return ChronicleGenerator


def _index_for_search(pelican) -> None:
    from pathlib import Path

    from .search_index import index_site

    index_site(Path(pelican.output_path))


def register() -> None:
    signals.initialized.connect(_extract_new_seeds)
    signals.get_generators.connect(_generators)
    signals.finalized.connect(_index_for_search)
