"""Chronicle: a Pelican plugin that turns news articles into a cross-linked event timeline.

Pelican loads this package through ``PLUGIN_PATHS``/``PLUGINS`` and calls
``register()``. Two hooks plug in, in the order of the flow:

* ``initialized``: when ``CHRONICLE_EXTRACT_ON_BUILD`` is on, new seeds in
  ``CHRONICLE_SEEDS`` are extracted into draft YAML under ``content/`` first;
* ``get_generators``: ``ChronicleGenerator`` loads and validates ``content/``,
  builds the site graph, writes every page and the search index the browser reads
  (``output/search/index/``), skipping all of it when nothing changed since the last build.
"""

from pelican import signals


def _lock_output(pelican) -> None:
    """Wait until no other build is writing this output/, then hold it until this build ends.

    Pelican empties output/ first (DELETE_OUTPUT_DIRECTORY): two builds at once would delete
    each other's files mid-write. The lock is on the output directory itself, which the
    emptying keeps; the system drops it if a build dies. Not on Windows (no fcntl).
    """
    import os

    try:
        import fcntl
    except ImportError:
        return
    os.makedirs(pelican.output_path, exist_ok=True)
    handle = os.open(pelican.output_path, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"waiting for another build writing {pelican.output_path} to finish")
        fcntl.flock(handle, fcntl.LOCK_EX)
    pelican.chronicle_output_lock = handle


def _unlock_output(pelican) -> None:
    import os

    handle = getattr(pelican, "chronicle_output_lock", None)
    if handle is not None:
        os.close(handle)  # closing the descriptor releases the lock
        pelican.chronicle_output_lock = None


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
    signals.initialized.connect(_lock_output)  # first: extraction writes content/ for this build
    signals.initialized.connect(_extract_new_seeds)
    signals.get_generators.connect(_generators)
    signals.finalized.connect(_unlock_output)  # the generator has written everything, search index too
