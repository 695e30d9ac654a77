"""The theme's templates compile with a cheaper output escape and must write exactly what Jinja's own would."""

from __future__ import annotations

import jinja2
import markupsafe
import pytest

from chronicle.engine import templating
from support import REPO

THEME_TEMPLATES = REPO / "theme" / "templates"


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


# -- calls: BuildContext takes plain functions and macros straight, anything else as Jinja does ----

@jinja2.pass_context
def context_name(context, suffix=""):
    return f"{context.get('name')}{suffix}"


@jinja2.pass_environment
def environment_kind(environment):
    return type(environment).__name__


@jinja2.pass_eval_context
def escaping_now(eval_ctx):
    return "on" if eval_ctx.autoescape else "off"


class Greeter:
    @jinja2.pass_context
    def __call__(self, context, who):
        return f"{context.get('greeting', 'hi')} {who}"


def stops():
    raise StopIteration


def shout(text, times=1, end="!"):
    return text.upper() * times + end


CALL_SOURCES = {
    "lib.html": """{% macro item(e, root, note="", level=3) %}<h{{ level }}><a href="{{ root }}{{ e.url }}">{{ e.name }}</a>{{ note }}</h{{ level }}>{% endmacro %}
{% macro box(title) %}<div title="{{ title }}">{{ caller(title|upper) }}</div>{% endmacro %}
{% macro many() %}{{ varargs|join(",") }}|{{ kwargs|dictsort|join(",") }}{% endmacro %}
{% macro with_caller_param(a, caller=None) %}{{ a }}:{{ caller is none }}{% endmacro %}
{% macro nothing_given(a, b) %}[{{ a is defined }} {{ b is defined }}]{% endmacro %}
{% macro raw(x) %}<{{ x }}>{% endmacro %}""",
    "calls.html": """{% from "lib.html" import item, box, many, with_caller_param, nothing_given, raw %}
{% for e in items %}{{ item(e, "../") }}{{ item(e, "../", level=2) }}{{ item(e, root="./", note=e.name) }}{% endfor %}
{% block inner %}{{ item(items[0], "../", "<n>", 4) }}{{ shout(name, times=2) }}{% endblock %}
{% call(t) box("<b>") %}{{ t }} {{ shout("x", end="?") }}{% endcall %}
{{ many(1, 2, z=3) }} {{ with_caller_param(1) }} {{ nothing_given() }} {{ nothing_given(b=1) }}
{{ context_name() }}{{ context_name("!") }} {% for i in [1] %}{% set name = "loop" %}{{ context_name() }}{% endfor %}
{{ environment_kind() }} {{ escaping_now() }} {{ greeter("you") }} {{ stops() }} {{ raw("&") }}
{% autoescape false %}{{ raw("&") }} {{ escaping_now() }} {{ item(items[1], "<r>") }}{% endautoescape %}
{{ range(3)|list }} {{ dict(a=1) }} {{ "a-b".split("-") }} {{ lipsum(1, html=False)|length > 0 }}""",
}

CALL_GLOBALS = {"context_name": context_name, "environment_kind": environment_kind, "escaping_now": escaping_now,
                "greeter": Greeter(), "stops": stops, "shout": shout}


def _call_environment(prepared: bool) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.DictLoader(CALL_SOURCES), autoescape=True)
    env.globals.update(CALL_GLOBALS)
    if prepared:
        templating.prepare(env)
    return env


def test_calls_render_byte_for_byte_as_jinja_s_own():
    context = dict(CONTEXT, name="<page>", greeting="hello")
    stock = _call_environment(False).get_template("calls.html").render(context)
    prepared = _call_environment(True).get_template("calls.html").render(context)
    assert prepared == stock
    # the cases are really there: named and defaulted arguments, caller, varargs, passed contexts
    assert '<h2><a href="../a.html?x=1&amp;y=2">A &lt;1&gt;</a></h2>' in prepared
    assert '<div title="&lt;b&gt;">&lt;B&gt; X?</div>' in prepared
    assert "1,2|(&#39;z&#39;, 3) 1:True [False False] [False True]" in prepared
    assert "&lt;page&gt;&lt;page&gt;! loop" in prepared  # the loop's own variables reach a context function
    assert "Environment on hello you  <&amp;>" in prepared
    assert "<&amp;> off <h3><a href=\"&lt;r&gt;b.html\">B&#39;s</a></h3>" in prepared


@pytest.mark.parametrize("call, message", [
    ("item(1, 2, 3, 4, 5)", "macro 'item' takes not more than 4 argument(s)"),
    ("item(1, 2, colour=3)", "macro 'item' takes no keyword argument 'colour'"),
    ("item(1, 2, root=3)", "macro 'item' takes no keyword argument 'root'"),
    ("raw(1, caller=2)", "macro 'raw' was invoked with two values for the special caller argument"),
    ("shout()", "missing 1 required positional argument"),
])
def test_calls_fail_as_with_jinja_s_own(call, message):
    failures = []
    for prepared in (False, True):
        env = _call_environment(prepared)
        template = env.from_string('{% from "lib.html" import item, raw %}{{ ' + call + ' }}')
        with pytest.raises(TypeError) as failure:
            template.render()
        failures.append(str(failure.value))
    assert failures[0] == failures[1]
    assert message in failures[1]


def test_prepared_templates_really_take_calls_straight(monkeypatch):
    # Jinja's own call is left for what needs it: a change in Jinja that routed plain calls back
    # through it would fail here rather than silently lose the gain.
    env = _call_environment(True)
    assert env.context_class is templating.BuildContext
    taken: list = []
    original = jinja2.runtime.Context.call

    def counted(self, obj, *args, **kwargs):
        taken.append(obj)
        return original(self, obj, *args, **kwargs)

    monkeypatch.setattr(jinja2.runtime.Context, "call", counted)
    env.from_string('{% from "lib.html" import item %}{% for e in items %}{{ item(e, "", level=2) }}'
                    '{{ shout(e.name, end=".") }}{% endfor %}{{ greeter("x") }}').render(CONTEXT)
    assert [type(obj) for obj in taken] == [Greeter]


# -- once: a macro called alike on many pages is rendered once ------------------------------------

def test_once_writes_what_the_macro_writes_rendering_it_once_per_set_of_arguments():
    seen = []

    def noted(value):
        seen.append(value)
        return value

    env = jinja2.Environment(loader=jinja2.DictLoader({
        "lib.html": '{% macro box(a, b) %}<i title="{{ noted(a) }}">{{ b }}</i>{% endmacro %}',
        "page.html": '{% from "lib.html" import box %}{{ once(box, a, "&") }}={{ box(a, "&") }}',
    }), autoescape=True)
    env.globals["noted"] = noted
    templating.prepare(env)
    pages = [env.get_template("page.html").render(a=a) for a in ("x<", "y", "x<")]
    assert pages[0] == '<i title="x&lt;">&amp;</i>=<i title="x&lt;">&amp;</i>'  # as the macro writes it
    assert pages[2] == pages[0] and pages[1] == '<i title="y">&amp;</i>=<i title="y">&amp;</i>'
    # The direct call renders on every page; once only on the first page with those arguments.
    assert seen == ["x<", "x<", "y", "y", "x<"]


def test_each_filter_panel_keeps_its_own_name_and_fixed_filter_through_once():
    # The theme's finder writes its fields through once, rendered for the first page with the same
    # arguments: each page still has its own name and fixed filter, and no field for the latter.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(THEME_TEMPLATES)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    templating.prepare(env)
    page = env.from_string('{% from "finder.html" import finder %}'
                           '{{ finder("f", "../", label, kind="Incident", date="months", fixed=fixed) }}')
    actor = page.render(label="Filter A & B", fixed={"actor": "A & B"})
    place = page.render(label="Filter C", fixed={"place": "C"})
    assert 'aria-label="Filter A &amp; B"' in actor and 'name="actor" value="A &amp; B"' in actor
    assert 'id="f-place"' in actor and 'id="f-actor"' not in actor  # a fixed filter has no field
    assert 'id="f-actor"' in place and 'id="f-place"' not in place
    assert actor.count('<script type="module" src="../theme/js/finder.js"></script>') == 1


def test_an_entry_s_date_type_and_place_read_as_the_template_wrote_them():
    # pages.entry_meta_html writes once per incident what entry_item wrote on every list: the same
    # markup, escaped as {{ ... }} escapes (markupsafe), with no place or time element when none.
    from chronicle.site.pages import DateView, entry_meta_html
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    template = env.from_string(
        '{% if date.iso %}<time datetime="{{ date.iso }}">{{ date.label }}</time>{% else %}'
        '<span class="date">{{ date.label }}</span>{% endif %}\n'
        ' <span class="sep" aria-hidden="true">·</span> <span class="type">{{ type }}</span>{% if place %} '
        '<span class="sep" aria-hidden="true">·</span> <span class="place">{{ place }}</span>{% endif %}')
    for date, kind, place in [(DateView("3 May 2024", "2024-05-03"), "Clash & <raid>", "Town \"A\""),
                              (DateView("Spring 2024?", None), "Protest", "")]:
        assert entry_meta_html(date, kind, place) == template.render(date=date, type=kind, place=place)
