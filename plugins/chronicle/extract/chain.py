"""Rule chains: named rules in an order, declared as data, after markdown-it-py's ``Ruler``.

A chain can be listed, a rule switched off or on by name, and a rule added before or after
another, all without editing the code that runs it:

    chain = STANDARD_DETECTORS.disable("object").after("name", "club", club_candidates)
    find_actors(sentences, registry, detectors=chain)

A chain is a value: every change returns a new chain and leaves the one it came from as it
was, so no caller can change what another one runs. ``active`` holds the enabled rules'
functions in order, worked out once when the chain is made, for the loop that calls them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
import dataclasses
from dataclasses import dataclass, field
from typing import Generic, TypeVar

R = TypeVar("R")


class UnknownRule(LookupError):
    """A rule name the chain does not hold; the message lists the names it does."""

    def __str__(self) -> str:  # LookupError's str() would quote the message
        return str(self.args[0])


@dataclass(frozen=True)
class Rule(Generic[R]):
    """One named rule: what it is called, what runs, and whether it runs."""

    name: str
    run: R
    enabled: bool = True


@dataclass(frozen=True)
class RuleChain(Generic[R]):
    """Rules in the order they run. ``what`` names a rule in error messages ("detector")."""

    rules: tuple[Rule[R], ...] = ()
    what: str = "rule"
    active: tuple[R, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = [rule.name for rule in self.rules]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"two {self.what}s may not share a name: {', '.join(repeated)}")
        object.__setattr__(self, "active", tuple(rule.run for rule in self.rules if rule.enabled))

    @classmethod
    def of(cls, *named: tuple[str, R], what: str = "rule") -> RuleChain[R]:
        """A chain of ``(name, rule)`` pairs, all enabled, in the order given."""
        return cls(tuple(Rule(name, run) for name, run in named), what)

    def __iter__(self) -> Iterator[Rule[R]]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def names(self, enabled_only: bool = False) -> tuple[str, ...]:
        """Every rule's name in order; with ``enabled_only``, only the rules that run."""
        return tuple(rule.name for rule in self.rules if rule.enabled or not enabled_only)

    def __getitem__(self, name: str) -> R:
        return self.rules[self._index(name)].run

    def enable(self, *names: str) -> RuleChain[R]:
        return self._switch(names, True)

    def disable(self, *names: str) -> RuleChain[R]:
        return self._switch(names, False)

    def only(self, *names: str) -> RuleChain[R]:
        """The same rules with exactly ``names`` enabled."""
        wanted = {self.rules[self._index(name)].name for name in names}
        return self._with(tuple(dataclasses.replace(rule, enabled=rule.name in wanted) for rule in self.rules))

    def before(self, name: str, new_name: str, run: R) -> RuleChain[R]:
        """A new rule, enabled, right before the rule called ``name``."""
        at = self._index(name)
        return self._with(self.rules[:at] + (Rule(new_name, run),) + self.rules[at:])

    def after(self, name: str, new_name: str, run: R) -> RuleChain[R]:
        """A new rule, enabled, right after the rule called ``name``."""
        at = self._index(name) + 1
        return self._with(self.rules[:at] + (Rule(new_name, run),) + self.rules[at:])

    def push(self, new_name: str, run: R) -> RuleChain[R]:
        """A new rule, enabled, at the end."""
        return self._with(self.rules + (Rule(new_name, run),))

    def replace(self, name: str, run: R) -> RuleChain[R]:
        """The rule called ``name`` running ``run`` instead, in the same place and state."""
        at = self._index(name)
        return self._with(self.rules[:at] + (dataclasses.replace(self.rules[at], run=run),) + self.rules[at + 1:])

    def _switch(self, names: Iterable[str], enabled: bool) -> RuleChain[R]:
        chosen = {self.rules[self._index(name)].name for name in names}
        return self._with(tuple(dataclasses.replace(rule, enabled=enabled) if rule.name in chosen else rule
                                for rule in self.rules))

    def _with(self, rules: tuple[Rule[R], ...]) -> RuleChain[R]:
        return RuleChain(rules, self.what)

    def _index(self, name: str) -> int:
        for at, rule in enumerate(self.rules):
            if rule.name == name:
                return at
        raise UnknownRule(f"no {self.what} named {name!r}; the {self.what}s are: {', '.join(self.names())}")
