"""Find the actors an article names: [Sentence] + registry -> [ActorMention].

Order of trust, highest first:

1. The registry (``content/actors``): names and aliases as written (acronyms
   case-sensitively, as whole tokens), then spelling variants through a
   transliteration key that compares whole names ("Ketaeb Hezbollah" ==
   "Kata'ib Hizballah", but "Hezbollah" != "Kataib Hezbollah").
2. Built-in states (``data/states.yaml``) and institutions (``data/actors.yaml``):
   names, demonyms and capitals, only where the text uses them as actors
   ("American troops", "supported by Tehran", not "a protest in Paris").
3. Actors the registry lacks, found by title ("Defence Secretary Lloyd Austin"),
   by an organisation keyword ("US Central Command", "LockBit ransomware
   gang"), by an acronym in parentheses ("Islamic State (IS)"), or as a
   capitalised name that says or does something. Later references ("Mr
   Austin", "IS") resolve to the same actor within the article.

Fuzzy similarity never merges: it only fills ``alias_proposals`` of a new actor.
Everything is deterministic; vocabularies live in editable data files.

The package, in the order a sentence meets it:

    rules       ActorRules: the vocabularies, from data files
    tokens      words with offsets; the article's proper words
    keys        how names compare: folding, transliteration keys, surnames, alias proposals
    indexes     the registry and the states indexed (RegistryIndex, StateIndex); Identity
    context     SentenceContext: one sentence as detectors see it; name runs, titles, table lookups
    candidates  Candidate spans, their priorities, and how overlaps are settled
    detectors/  the detectors (known, people, organisations, names), the cues they share, and
                STANDARD_DETECTORS: the detectors find_actors runs, in order, as a RuleChain
    lexicon     resolution: a candidate -> the registry, an actor defined earlier, or a new actor
    find        find_actors
"""

from chronicle.core.ids import slugify
from chronicle.extract.actors.detectors import STANDARD_DETECTORS, Detector
from chronicle.extract.actors.find import find_actors
from chronicle.extract.actors.keys import fold, propose_aliases, translit_key
from chronicle.extract.actors.rules import DATA_DIR, ActorRules, Institution, StateEntry, load_actor_rules
from chronicle.extract.actors.tokens import is_title_case, tokenize

__all__ = [
    "DATA_DIR", "STANDARD_DETECTORS", "ActorRules", "Detector", "Institution", "StateEntry", "find_actors", "fold",
    "is_title_case", "load_actor_rules", "propose_aliases", "slugify", "tokenize", "translit_key",
]
