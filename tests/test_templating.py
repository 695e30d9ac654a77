"""The theme's templates compile with a cheaper output escape and must write exactly what Jinja's own would."""

from __future__ import annotations

from pathlib import Path

import jinja2
import markupsafe
import pytest

from chronicle import templating

THEME_TEMPLATES = Path(__file__).resolve().parent.parent / "theme" / "templates"


class HasHtml:
    def __html__(self):
        return "<b>trusted</b>"

    def __str__(self):
        return "<not used>"


class Plain:
    def __str__(self):
        return 'Tom & "Jerry" <x>'


VALUES = ["", "plain", "<script>alert('x')</script>", "a & b", "\"quoted\" 'single'", "ünïcödé ≥ ☃",
          markupsafe.Markup("<em>safe</em>"), 0, 42, -1.5, None, True, HasHtml(), Plain(), ["<a>", 1],
          {"k": "<v>"}]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_escape_output_writes_what_markupsafe_escape_writes(value):
    assert templating.escape_output(value) == str(markupsafe.escape(value))
    assert type(templating.escape_output("<x>")) is str  # no Markup made: the point of it


def test_undefined_values_behave_as_with_markupsafe():
    env = jinja2.Environment(autoescape=True)
    assert templating.escape_output(env.undefined(name="x")) == str(markupsafe.escape(env.undefined(name="x")))
    strict = jinja2.StrictUndefined(name="x")
    with pytest.raises(jinja2.UndefinedError):
        markupsafe.escape(strict)
    with pytest.raises(jinja2.UndefinedError):
        templating.escape_output(strict)


SOURCES = {
    "macros.html": """{% macro link(x, root) %}<a href="{{ root }}{{ x.url }}">{{ x.name }}</a>{% endmacro %}
{% macro wrap() %}<div>{{ caller() }}</div>{% endmacro %}""",
    "base.html": """<title>{% block title %}{{ title }}{% endblock %}</title>
<main>{% block body %}{% endblock %}</main>{{ footer|default("") }}""",
    "page.html": """{% extends "base.html" %}{% from "macros.html" import link, wrap %}
{% block title %}{{ super() }} · {{ site }}{% endblock %}
{% block body %}
{% set heading %}<h1>{{ title }}</h1>{% endset %}{{ heading }}
{% for x in items %}{{ link(x, "../") }}{{ ", " if not loop.last }}{% endfor %}
{% call wrap() %}{{ text }} {{ text|e }} {{ text|safe }} {{ html }} {{ number }} {{ missing }}{% endcall %}
{{ items|map(attribute="name")|join(" & ") }} {{ "%s <%d>"|format(text, number) }} {{ text ~ html }}
{% autoescape false %}{{ text }}{% endautoescape %} {% autoescape true %}{{ text }}{% endautoescape %}
{% include "macros.html" %}{{ {"a": text}|tojson }} {{ text|truncate(12) }} {{ text|striptags }}
{% endblock %}""",
}

CONTEXT = {"title": "Fish & <chips>", "site": "Site \"one\"", "text": "<script>alert('x')</script> & more",
           "html": markupsafe.Markup("<i>kept</i>"), "number": 7, "footer": None,
           "items": [{"url": "a.html?x=1&y=2", "name": "A <1>"}, {"url": "b.html", "name": "B's"}]}


def _environment(prepared: bool) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.DictLoader(SOURCES), autoescape=True)
    if prepared:
        templating.prepare(env)
    return env


def test_prepared_templates_render_byte_for_byte_as_jinja_s_own():
    stock = _environment(False).get_template("page.html").render(CONTEXT)
    prepared = _environment(True).get_template("page.html").render(CONTEXT)
    assert prepared == stock
    assert "&lt;script&gt;" in prepared and "<script>" in prepared  # escaped, and once left raw on purpose


def test_prepared_templates_really_use_escape_output():
    # If Jinja ever compiles output differently, this says so rather than silently losing the gain.
    env = _environment(True)
    template = env.get_template("page.html")
    assert template.root_render_func.__globals__["escape"] is templating.escape_output
    for block in template.blocks.values():
        assert block.__globals__["escape"] is templating.escape_output


@pytest.mark.parametrize("name", sorted(p.name for p in THEME_TEMPLATES.glob("*.html")))
def test_every_theme_template_compiles_with_the_output_escape(name):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(THEME_TEMPLATES)), autoescape=True)
    templating.prepare(env)
    source = env.loader.get_source(env, name)[0]
    code = env.compile(source, name, raw=True)
    assert code.rstrip().endswith("escape = environment.escape_output")
    compile(code, name, "exec")
