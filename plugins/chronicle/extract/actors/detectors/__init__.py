"""The actor detectors: each reads one sentence (a ``SentenceContext``) and proposes ``Candidate`` spans."""
