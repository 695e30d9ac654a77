"""How the theme's templates are compiled and run: Jinja, made cheaper where a build repeats it.

A 5,000-incident build renders about 6,700 pages and evaluates about 1.4 million
``{{ ... }}`` expressions and 220,000 calls. Some of Jinja's per-page, per-expression and per-call
costs are pure overhead for a build, and are removed here without changing a byte of what the
templates write:

- each expression's value is escaped into a ``Markup`` string (``markupsafe.escape``), built by
  ``Markup.__new__`` in Python, only to be joined into the page at once (``OutputEscape``);
- each call (a macro, or a function such as ``incident_url``) asks the callable, twice, whether
  it wants the context passed, and a macro then binds its arguments in general code written for
  ``caller``, ``varargs`` and ``kwargs`` (``BuildContext``);
- each template's globals are a ChainMap over the environment's (``settle_globals``);
- a macro called alike on many pages renders alike on each (``once``).
"""

from __future__ import annotations

from pathlib import Path
from types import FunctionType

import jinja2
from jinja2.compiler import CodeGenerator
from jinja2.runtime import Context, Macro, missing
from markupsafe import Markup
from markupsafe._speedups import _escape_inner


def escape_output(value) -> str:
    """What ``{{ value }}`` writes into a page: markupsafe.escape's text, as a plain string.

    markupsafe.escape wraps its result in ``Markup``, which a page being joined has no use
    for and which costs most of the call. Same rules: ``__html__`` is trusted, everything
    else is made a string and escaped.
    """
    if type(value) is str:  # the common case first, as markupsafe does
        return _escape_inner(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        return html()
    return _escape_inner(str(value))


class OutputEscape(CodeGenerator):
    """Compiles templates whose ``{{ ... }}`` output is escaped by ``escape_output``.

    Jinja's compiled module imports ``escape`` from jinja2.runtime and uses that name only
    where it writes an expression's value into the output (``_output_child_pre``); nothing
    else in a compiled template calls it. The module rebinds the name as its last line, so
    every function in it, run later, finds ``escape_output``.
    """

    def visit_Template(self, node, frame=None) -> None:
        super().visit_Template(node, frame)
        self.writeline("escape = environment.escape_output")


class BuildContext(Context):
    """A template context whose ``call`` (every call in a template is compiled to ``context.call``)
    takes the two common kinds of callable straight: a plain function that asks for nothing, and a
    macro called with arguments it names. Anything else goes through Jinja's own ``call``.

    Jinja's ``call`` looks twice for ``jinja_pass_arg`` (on the callable and on its ``__call__``),
    and a macro's ``__call__`` asks for the evaluation context, checks for it, and binds arguments
    in code that also handles ``caller``, ``varargs`` and ``kwargs``: about a microsecond a call.
    """

    def call(__self, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature, names included
        kind = __obj.__class__
        if kind is Macro:
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
            arguments = macro_arguments(__obj, args, kwargs)
            if arguments is None:  # anything unusual: Jinja's binding, with its errors
                return Context.call(__self, __obj, *args, **kwargs)
            try:
                text = __obj._func(*arguments)
            except StopIteration:
                return __self._stopped()
            return Markup(text) if __self.eval_ctx.autoescape else text
        if kind is FunctionType and getattr(__obj, "jinja_pass_arg", None) is None:
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self._stopped()
        return Context.call(__self, __obj, *args, **kwargs)

    def _stopped(self):
        """What Jinja's call gives for a callable that raised StopIteration."""
        return self.environment.undefined("value was undefined because a callable raised a StopIteration exception")


def macro_arguments(macro: Macro, args: tuple, kwargs: dict) -> list | None:
    """The arguments ``Macro.__call__`` would pass to the macro's function (positional, then named
    or ``missing`` for a default), for a macro without ``caller``, ``varargs`` or ``kwargs`` called
    with no more arguments than it names; None for anything else."""
    if macro.caller or macro.catch_kwargs or macro.catch_varargs or len(args) > macro._argument_count:
        return None
    arguments = list(args)
    named = 0
    for name in macro.arguments[len(args):]:
        value = kwargs.get(name, missing)
        if value is not missing:
            named += 1
        arguments.append(value)
    return arguments if named == len(kwargs) else None


# What ``once`` has rendered in this process: (macro's code, arguments) -> its output.
_rendered: dict[tuple, Markup] = {}


def once(macro: Macro, *args) -> Markup:
    """What ``macro(*args)`` writes, rendered once per process for each set of arguments: for a
    macro whose output depends on its arguments alone (no caller, no context, no template
    variable that changes), called alike on many pages, as the filter panel's fields are on every
    actor and place page. Keyed by the macro's code: each import of a template makes new Macro
    objects, with the same code. Arguments are compared as dict keys: by value, or by identity
    for objects that define no equality of their own (a map figure). A 5,000-incident build keeps
    about 2,000 renderings (the incidents' locator maps), a few MB."""
    key = (macro._func.__code__, args)
    if key not in _rendered:
        _rendered[key] = Markup(macro(*args))
    return _rendered[key]


def prepare(env: jinja2.Environment) -> None:
    """Set ``env`` to compile templates with ``OutputEscape``, run them with ``BuildContext`` and
    offer them ``once``: before any template is loaded. (Async environments keep Jinja's own
    context: macros there return awaitables.)"""
    env.escape_output = escape_output
    env.globals["once"] = once
    env.code_generator_class = OutputEscape
    if not env.is_async:
        env.context_class = BuildContext


def settle_globals(env: jinja2.Environment, template_dirs: list[str]) -> None:
    """Give each theme template its globals as one plain dict, once they are all set.

    Jinja keeps a template's globals as a ChainMap over the environment's, and every
    ``{% from "macros.html" import ... %}`` compares the two key by key through it: a fifth of
    the time of rendering an incident page. The globals do not change during a build.
    """
    for folder in map(Path, template_dirs):
        for path in sorted(folder.expanduser().rglob("*.html")):
            try:
                template = env.get_template(path.relative_to(folder.expanduser()).as_posix())
            except jinja2.TemplateError:
                continue  # a template no page uses may be broken; one that is used fails when used
            template.globals = dict(template.globals)
