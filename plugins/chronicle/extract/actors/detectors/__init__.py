"""The actor detectors, declared in the order they run.

Each detector reads one sentence (a ``SentenceContext``) and proposes ``Candidate`` spans;
``find_actors`` runs the enabled ones in this order and settles overlaps among what they
propose (longest span first, then the more trusted detector: see ``Candidate.priority``).
The order counts only between candidates that tie on all of that. A caller may run a variant:

    find_actors(sentences, registry, detectors=STANDARD_DETECTORS.disable("object"))
"""

from __future__ import annotations

from collections.abc import Callable

from chronicle.extract.actors.candidates import Candidate
from chronicle.extract.actors.context import SentenceContext
from chronicle.extract.actors.detectors.known import institution_candidates, registry_candidates, state_candidates
from chronicle.extract.actors.detectors.names import name_candidates, object_candidates
from chronicle.extract.actors.detectors.organisations import (acronym_candidates, descriptor_candidates,
                                                              employer_candidates, org_candidates)
from chronicle.extract.actors.detectors.people import (appositive_person_candidates, nationality_candidates,
                                                       person_candidates)
from chronicle.extract.chain import RuleChain

Detector = Callable[[SentenceContext], list[Candidate]]

STANDARD_DETECTORS: RuleChain[Detector] = RuleChain.of(
    ("registry", registry_candidates),  # registry names and aliases, and their transliterations
    ("institution", institution_candidates),  # "the Pentagon", "the Kremlin said"
    ("person", person_candidates),  # "Prime Minister X", "Mr X"
    ("org", org_candidates),  # "US Central Command", "LockBit ransomware gang", "Islamic State (IS)"
    ("state", state_candidates),  # "American troops", "supported by Tehran"
    ("name", name_candidates),  # "Acme Holdings said", "FEMA"; every run as a reference
    ("acronym", acronym_candidates),  # "Irish Nurses and Midwives Organisation (INMO)"
    ("descriptor", descriptor_candidates),  # "cybersecurity firm Northwave", "Trenitalia, the operator,"
    ("appositive_person", appositive_person_candidates),  # "Zielinski's lawyer, Tomasz Kaczmarek,"
    ("employer", employer_candidates),  # "Acme director Paul Girard"
    ("object", object_candidates),  # "knocking out Real Betis", "agreed to acquire Baltic Freight Lines"
    ("nationality", nationality_candidates),  # "Spain's Diego Ortega"
    what="detector",
)
