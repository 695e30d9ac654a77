"""Chronicle: a Pelican plugin that turns news articles into a cross-linked event timeline.

Pelican loads this package through ``PLUGIN_PATHS``/``PLUGINS`` and calls
``register()``. Two hooks plug in, in the order of the flow:

* ``initialized``: when ``CHRONICLE_EXTRACT_ON_BUILD`` is on, new seeds in
  ``CHRONICLE_SEEDS`` are extracted into draft YAML under ``content/`` first;
* ``get_generators``: ``ChronicleGenerator`` loads and validates ``content/``,
  builds the site graph, writes every page and has Pagefind index them into
  ``output/pagefind/`` (skipping all of it when nothing changed since the last build).
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


def register() -> None:
    signals.initialized.connect(_extract_new_seeds)
    signals.get_generators.connect(_generators)
