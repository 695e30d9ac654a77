"""Rendering pages in several processes: each renders every n-th page group and writes it.

Rendering is pure Python (Jinja), so threads would not help; forked
processes share the already-built site graph without copying or pickling it.
The parent renders one share itself, the children the others, and each sends
back only what it wrote. Where fork is unavailable, or the site is small,
one process does it all. Output is the same either way: every page is a
pure function of the graph, and each file is written by exactly one process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import traceback
from typing import Callable

from .outputs import OutputDir

MIN_GROUPS_PER_PROCESS = 250  # below this, forking costs more than it saves

Share = Callable[[int, int, OutputDir], list]


def jobs(settings: dict, groups: int) -> int:
    """How many processes: CHRONICLE_JOBS, else one per CPU (at most 4), fewer for small sites."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    wanted = int(settings.get("CHRONICLE_JOBS") or os.environ.get("CHRONICLE_JOBS") or min(os.cpu_count() or 1, 4))
    return max(1, min(wanted, groups // MIN_GROUPS_PER_PROCESS))


def run(render_share: Share, processes: int, output: OutputDir) -> list:
    """Run ``render_share(k, processes, out)`` for every k; returns the shares' results joined."""
    if processes <= 1:
        return render_share(0, 1, output)
    context = multiprocessing.get_context("fork")
    gc.freeze()  # objects made so far stay put: children's gc passes do not copy their pages
    children = []
    try:
        for share in range(1, processes):
            receiver, sender = context.Pipe(duplex=False)
            child = context.Process(target=_child, args=(render_share, share, processes, output.root, sender))
            child.start()
            sender.close()
            children.append((child, receiver))
        results = list(render_share(0, processes, output))
        for child, receiver in children:
            try:
                status, payload = receiver.recv()
            except EOFError:
                status, payload = "error", f"a rendering process stopped (exit status {child.exitcode})"
            if status == "error":
                raise RuntimeError(f"rendering failed in a worker process:\n{payload}")
            urls, written, changed = payload
            output.merge(written, changed)
            results.extend(urls)
        return results
    finally:
        for child, receiver in children:
            receiver.close()
            child.join()
        gc.unfreeze()


def _child(render_share: Share, share: int, processes: int, root, sender) -> None:
    try:
        output = OutputDir(root)
        urls = render_share(share, processes, output)
        sender.send(("ok", (urls, output.written, output.changed)))
    except BaseException:  # noqa: BLE001 - reported to the parent, which stops the build
        sender.send(("error", traceback.format_exc()))
    finally:
        sender.close()
