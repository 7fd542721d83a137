"""Realistic mentor profiles for the demo and for benchmarks (deterministic per seed)."""

from __future__ import annotations

import random
from typing import Any

MOVES = [
    ("Director of Marketing", "Head of AI Product", "go-to-market", "product"),
    ("Management Consultant", "AI Strategy Lead", "strategy", "strategy"),
    ("VP Operations", "Director of AI Transformation", "operations", "operations"),
    ("Principal PM", "Head of Generative AI", "product", "product"),
    ("Head of Sales", "VP AI Partnerships", "go-to-market", "go-to-market"),
    ("Engineering Manager", "Head of ML Platform", "engineering", "data-ml"),
    ("Design Director", "Head of AI Experience", "design", "design"),
    ("CFO", "Chief AI Officer", "other", "strategy"),
    ("Director of Customer Success", "Head of Conversational AI", "operations", "product"),
    ("Data Analytics Lead", "Director of Applied AI", "data-ml", "data-ml"),
]
NAMES = [
    "Amara Okoye", "Jonas Lindqvist", "Mei Chen", "Rafael Costa", "Sofia Marino",
    "Tom Becker", "Hana Sato", "Kwame Mensah", "Elena Petrova", "Omar Haddad",
    "Grace Kim", "Lukas Novak", "Aisha Rahman", "Mateo García", "Nora Jensen",
]  # fmt: skip
EXPERTISE = ["ai-strategy", "llm-products", "positioning", "ai-governance", "mlops",
             "change-management", "pricing", "evaluation", "hiring", "agents"]  # fmt: skip
INDUSTRIES = ["fintech", "healthtech", "retail", "b2b-saas", "insurance", "logistics"]
ZONES = ["Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles",
         "Asia/Singapore", "Europe/Stockholm", "America/Toronto"]  # fmt: skip
LANGUAGE_SETS = [["en"], ["en", "de"], ["en", "es"], ["en", "fr"], ["en", "pt"], ["en", "sv"]]
FORMAT_SETS = [["video"], ["video", "async"], ["async"], ["video", "in-person"]]


def sample_profile(rng: random.Random, name: str) -> dict[str, Any]:
    """The editable fields of one realistic mentor profile."""
    from_role, to_role, from_function, to_function = rng.choice(MOVES)
    first = name.split()[0]
    months = rng.randrange(6, 30)
    return {
        "headline": f"From {from_role} to {to_role} in {months} months: happy to share how.",
        "from_role": from_role,
        "to_role": to_role,
        "from_function": from_function,
        "to_function": to_function,
        "industries": ",".join(rng.sample(INDUSTRIES, rng.randrange(1, 3))),
        "expertise": ",".join(rng.sample(EXPERTISE, rng.randrange(2, 5))),
        "bio": (
            f"I spent years as **{from_role}** before moving into AI leadership as {to_role}.\n\n"
            "What helped me most:\n\n- reframing my experience for AI teams\n"
            "- learning enough about models to ask good questions\n"
            "- finding a first AI project inside my own company\n\n"
            "I mentor leaders who want to make a similar move without starting over."
        ),
        "topics": "Reframing your CV for AI roles\nYour first 90 days\nTalking to ML teams",
        "formats": ",".join(rng.choice(FORMAT_SETS)),
        "timezone": rng.choice(ZONES),
        "languages": ",".join(rng.choice(LANGUAGE_SETS)),
        "capacity": rng.choice([1, 2, 2, 3]),
        "accepting": rng.random() > 0.15,
        "paused_until": None,
        "contact": f"https://cal.example/{first.lower()}",
        "linkedin_url": f"https://www.linkedin.com/in/{first.lower()}-example",
    }
