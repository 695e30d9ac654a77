"""A generated corpus of articles for benchmarks: varied, deterministic, written here."""

from __future__ import annotations

import datetime as dt
import random

WHO = [("Police", "police"), ("Firefighters", "emergency services"), ("The Interior Ministry", "ministry"),
       ("Rebel Brigade fighters", "armed group"), ("Harbour Workers Union members", "union"),
       ("The Coastal Guard", "military"), ("Northern Power Company engineers", "company")]
WHAT = ["clashed with protesters", "responded to a large fire", "reported a ransomware attack",
        "fired rockets at a checkpoint", "marched against pension cuts", "evacuated residents after floods",
        "signed an agreement on wages", "carried out airstrikes on depots"]
WHERE = ["Lagos", "Manila", "Lima", "Kharkiv", "Dhaka", "Nairobi", "Bogota", "Karachi", "Mosul", "Lyon"]
WHEN = ["on Tuesday", "on Saturday", "earlier this month", "last week", "yesterday", "on March 3"]
NOISE = ["Sign up for our newsletter", "Oops! Something went wrong. Please try again later.",
         "Advertisement", "Share this article"]


def make_article(index: int, rng: random.Random) -> str:
    who, _kind = rng.choice(WHO)
    what, where, when = rng.choice(WHAT), rng.choice(WHERE), rng.choice(WHEN)
    published = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(300))
    minister = rng.choice(["Minister Ada Okafor", "Spokesperson Jan Novak", "Governor Rosa Diaz"])
    casualties = rng.randrange(1, 60)
    lines = [
        f"Title: {who} {what} in {where}",
        f"Date: {published.isoformat()}",
        "Source: Bench Wire",
        "",
        f"{who} {what} in {where}",
        f"Scene in {where} - GETTY IMAGES" if rng.random() < 0.5 else "",
        "",
        f"{who} {what} in {where} {when}, {minister} said, adding that at least {casualties} people were hurt.",
        "",
        f"The incident came days after a similar event in {rng.choice(WHERE)}, officials said.",
        "",
        rng.choice(NOISE),
        "",
        " ".join(f"Paragraph {k} gives background on {where} and the wider region." for k in range(4)),
        "",
    ]
    return "\n".join(lines)


def make_corpus(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [make_article(i, rng) for i in range(n)]
