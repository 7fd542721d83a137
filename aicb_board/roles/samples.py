"""Realistic sample roles for the demo board and for benchmarks (deterministic per seed)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from ..database import utcnow

TITLES = [
    ("Head of AI Product", "head-of", "product"),
    ("VP, Applied AI", "vp", "data-ml"),
    ("Director of AI Strategy", "director", "strategy"),
    ("Senior Director, Machine Learning Products", "senior-director", "product"),
    ("Chief AI Officer", "c-level", "strategy"),
    ("Principal Product Manager, Generative AI", "principal", "product"),
    ("Head of AI Transformation", "head-of", "operations"),
    ("VP Data & AI", "vp", "data-ml"),
    ("Director, AI Go-to-Market", "director", "go-to-market"),
    ("Head of Conversational AI", "head-of", "product"),
    ("Director of AI Operations", "director", "operations"),
    ("SVP, AI Platforms", "svp", "engineering"),
    ("Head of Responsible AI", "head-of", "strategy"),
    ("Principal PM, LLM Platform", "principal", "product"),
    ("Director of AI Partnerships", "director", "go-to-market"),
    ("VP Engineering, AI Infrastructure", "vp", "engineering"),
    ("Head of AI Design", "head-of", "design"),
    ("Director, AI Enablement", "director", "other"),
]
COMPANIES = [
    "Northwind Analytics", "Contoso Health", "Fabrikam Logistics", "Tailspin Travel",
    "Litware Insurance", "Adatum Bank", "Woodgrove Financial", "Proseware", "Lamna Retail",
    "Fourth Coffee", "Alpine Ski House", "Wide World Importers", "Blue Yonder Airlines",
    "Coho Winery", "Humongous Insurance", "Trey Research", "VanArsdel", "Relecloud",
    "Datum Energy", "Graphic Design Institute", "Southridge Video", "Lucerne Publishing",
]  # fmt: skip
PLACES = [
    ("London", "GB", "GBP"), ("Berlin", "DE", "EUR"), ("Amsterdam", "NL", "EUR"),
    ("Paris", "FR", "EUR"), ("New York", "US", "USD"), ("San Francisco", "US", "USD"),
    ("Austin", "US", "USD"), ("Toronto", "CA", "CAD"), ("Zurich", "CH", "CHF"),
    ("Singapore", "SG", "SGD"), ("Sydney", "AU", "AUD"), ("Dublin", "IE", "EUR"),
    ("Stockholm", "SE", "SEK"), ("Bangalore", "IN", "INR"), ("Boston", "US", "USD"),
]  # fmt: skip
# Where remote roles can be done from, as `regions` codes.
REMOTE_FROM = ["europe", "US", "emea", "americas", "worldwide", "uk-ireland", "north-america,GB"]
TAGS = [
    "gen-ai", "llm", "ai-strategy", "ml-platform", "responsible-ai", "ai-product",
    "conversational-ai", "computer-vision", "data-strategy", "mlops", "ai-transformation",
    "ai-governance", "agents", "fintech", "healthtech", "b2b-saas",
]  # fmt: skip
EMPLOYMENT = ["full-time"] * 6 + ["contract", "fractional", "advisory", "part-time"]
MISSIONS = [
    "turn our first generative AI pilots into products customers pay for",
    "build the AI roadmap with the executive team and own its delivery",
    "lead a portfolio of machine-learning products used by millions of people",
    "set up responsible-AI practices that let teams ship quickly and safely",
    "bring AI into our operations, from forecasting to customer service",
    "take our LLM platform from internal tool to external product",
]
DUTIES = [
    "Own the AI product strategy and a roadmap the board understands",
    "Lead a team of product managers, designers and ML engineers",
    "Partner with legal and security on AI governance",
    "Decide build, buy or partner for models and tooling",
    "Define how we evaluate model quality, cost and risk",
    "Grow the team from five to fifteen people",
    "Work with sales on AI-led offers and pricing",
    "Report progress to the executive team every quarter",
]
BACKGROUNDS = [
    "You have led product, strategy or operations teams at Director level or above",
    "You have shipped data- or ML-driven products, even if you were not the engineer",
    "You are fluent in the economics of AI: cost per query, evaluation, risk",
    "You made a sideways move before, and you like learning in public",
    "You can explain a model's trade-offs to a CFO and to an engineer",
]


def sample_description(rng: random.Random, title: str, company: str) -> str:
    """A Markdown job description."""
    duties = "\n".join(f"- {duty}" for duty in rng.sample(DUTIES, 4))
    background = "\n".join(f"- {line}" for line in rng.sample(BACKGROUNDS, 3))
    return (
        f"As **{title}** at {company}, you will {rng.choice(MISSIONS)}.\n\n"
        f"## What you will do\n\n{duties}\n\n## Who you are\n\n{background}\n\n"
        "We welcome leaders moving sideways into AI: your experience counts."
    )


def sample_role(rng: random.Random, *, days_open: int = 45) -> dict[str, Any]:
    """The editable fields of one realistic role."""
    title, seniority, function = rng.choice(TITLES)
    company = rng.choice(COMPANIES)
    city, country, currency = rng.choice(PLACES)
    workplace = rng.choice(["onsite", "hybrid", "hybrid", "remote", "remote"])
    salary = rng.random() < 0.7
    base = rng.randrange(120, 380, 10) * 1000
    domain = company.lower().replace(" ", "").replace("'", "") + ".example"
    return {
        "title": title,
        "company": company,
        "company_url": f"https://{domain}",
        "workplace": workplace,
        "location": "" if workplace == "remote" else city,
        "country": "" if workplace == "remote" and rng.random() < 0.5 else country,
        "remote_from": rng.choice(REMOTE_FROM) if workplace == "remote" else "",
        "remote_region": "",
        "seniority": seniority,
        "function": function,
        "employment_type": rng.choice(EMPLOYMENT),
        "salary_min": base if salary else None,
        "salary_max": base + rng.randrange(20, 90, 10) * 1000 if salary else None,
        "salary_currency": currency if salary else "",
        "salary_period": "year" if salary else "",
        "description": sample_description(rng, title, company),
        "apply_url": f"https://{domain}/careers/{rng.randrange(100, 999)}",
        "apply_email": "",
        "tags": ",".join(rng.sample(TAGS, rng.randrange(1, 5))),
        "expires_at": utcnow() + timedelta(days=days_open),
    }
