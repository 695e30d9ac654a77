"""The site as a function of the content: the graph, pages, charts, maps, feeds, downloads, search."""
