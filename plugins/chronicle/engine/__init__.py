"""How a build runs: worker processes, caches, the collector, output writing, timing."""
