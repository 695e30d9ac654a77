"""Chronicle: a Pelican plugin that turns news articles into a cross-linked event timeline.

Pelican loads this package through ``PLUGIN_PATHS``/``PLUGINS`` and calls
``register()``. Hooks plug in, in the order of the flow, once per build (``pelican.run``),
so that ``--autoreload`` (``make regenerate``, ``make devserver``) does the same on each rebuild:

* ``get_generators``: this build takes the output lock; when ``CHRONICLE_EXTRACT_ON_BUILD`` is
  on, new seeds in ``CHRONICLE_SEEDS`` are extracted into draft YAML under ``content/``; then
  ``ChronicleGenerator`` loads and validates ``content/``, builds the site graph, writes every
  page and the search index the browser reads (``output/search/index/``), skipping all of it
  when nothing changed since the last build;
* ``finalized``: the lock is released.
"""

from pelican import signals


def _lock_output(pelican) -> None:
    """Wait until no other build is writing this output/, then hold it until this build ends.

    Two builds at once would write and remove each other's files mid-build. The lock is on the
    output directory itself; the system drops it if a build dies. Not on Windows (no fcntl).

    Taken when a build starts, not when Pelican is set up: ``pelican --autoreload`` sets up an
    instance it never builds with (in the parent process) and another that builds again and
    again; a lock taken at set-up was held by the first while the second waited for it forever.
    A build that stopped on an error keeps its lock for the next build of the same instance.
    """
    import os

    if getattr(pelican, "chronicle_output_lock", None) is not None:
        return
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


def _input_stamp(pelican) -> tuple:
    """Every file of content/ and the theme with its size and mtime: what a live preview watches."""
    import os

    stamp = []
    for root in (pelican.path, pelican.theme):
        for folder, _dirs, names in os.walk(root):
            for name in names:
                try:
                    info = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                stamp.append((folder, name, info.st_size, info.st_mtime_ns))
    return tuple(sorted(stamp))


def _build_ended(pelican) -> None:
    """Release the lock; in a live preview, build again at once if a file changed meanwhile.

    ``pelican --autoreload`` starts watching for changes only after a build ends: a file saved
    while it ran was never picked up, and the preview showed the page as it was before the save.
    """
    _unlock_output(pelican)
    from chronicle.generator import autoreloading

    started = getattr(pelican, "chronicle_inputs", None)
    if started is None or not autoreloading():
        return
    if _input_stamp(pelican) != started:
        print("-> content or theme changed during the build: building again")
        pelican.run()
        return
    import threading

    threading.Thread(target=_catch_up, args=(pelican, started), daemon=True).start()


def _catch_up(pelican, built: tuple, seconds: float = 3.0, every: float = 0.25) -> None:
    """Pelican starts its watcher a moment after a build ends: a file saved in between was never
    seen. For a few seconds, a file changed since ``built`` is touched again (its mtime only), so
    that the watcher, up by then, sees it; a build that starts meanwhile ends the wait."""
    import os
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(every)
        if getattr(pelican, "chronicle_inputs", None) is not built:
            return  # another build started: it reads the change
        now = _input_stamp(pelican)
        if now != built:
            for folder, name, _size, _mtime in sorted(set(now) - set(built)):
                try:
                    os.utime(os.path.join(folder, name))
                except OSError:
                    pass
            return


def _extract_new_seeds(pelican) -> None:
    from chronicle.core.settings import read_settings

    settings = read_settings(pelican.settings)
    if not settings.extract_on_build:
        return
    from chronicle.extract.seed import list_seeds
    from chronicle.engine.extract_pool import ForkedRunner
    from chronicle.ingest.pipeline import extract_seeds, report_lines

    report = extract_seeds(list_seeds(settings.seeds), settings.content, only_new=True,
                           runner=ForkedRunner(settings.jobs))
    for line in report_lines(report):
        print(line)
    if report.errors:
        from chronicle.generator import stop_build

        # In a live preview the site is built from content/ as it is; otherwise the build stops.
        stop_build(f"{len(report.errors)} seed{'s' if len(report.errors) != 1 else ''} could not be extracted")


def _start_build(pelican):
    """A build starts: lock output/, extract new seeds, and name Chronicle's generator."""
    from chronicle.generator import ChronicleGenerator

    from chronicle.generator import autoreloading

    _lock_output(pelican)  # first: extraction writes content/ for this build
    _extract_new_seeds(pelican)
    # What the build reads, as it starts (after extraction's writes): compared when it ends.
    pelican.chronicle_inputs = _input_stamp(pelican) if autoreloading() else None
    return ChronicleGenerator


def register() -> None:
    signals.get_generators.connect(_start_build)
    signals.finalized.connect(_build_ended)  # the generator has written everything, search index too
