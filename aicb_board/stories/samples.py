"""Sideways-move stories for the demo, and generated ones for benchmarks."""

from __future__ import annotations

import random
from typing import Any

# (title, summary, from, to, from function, to function, industry, months, tags, start, turn, advice)
DEMO_STORIES = [
    ("From marketing director to Head of AI Product",
     "Twelve years in B2B marketing, then a sideways move into AI product without an ML degree.",
     "Director of Marketing", "Head of AI Product", "go-to-market", "product", "B2B SaaS", 18,
     "career-change,ai-product",
     "I ran demand generation for a 600-person SaaS company and kept being the person who "
     "explained our AI features to customers better than the product team could.",
     "I volunteered to own the launch of our first LLM feature. Six months of sitting with the "
     "engineers taught me evaluation, cost per query and why 'it works in the demo' means little.",
     "Your customer knowledge is the rare part. Learn enough about models to ask good questions, "
     "and find one AI project inside your own company before you look outside."),
    ("Consultant to AI strategy lead at a scale-up",
     "How eight years of strategy consulting turned into running AI strategy for a 900-person company.",
     "Management Consultant", "AI Strategy Lead", "strategy", "strategy", "Fintech", 10,
     "ai-strategy,consulting",
     "I spent eight years writing transformation decks. By 2024 every deck had an AI slide, and "
     "clients started asking who would actually run the programme.",
     "A former client hired me to do exactly that. The first quarter was humbling: a strategy "
     "that survives contact with data pipelines looks nothing like a slide.",
     "Pick the company whose problem you already understand. Ship one small thing in 90 days."),
    ("Operations VP to Director of AI Transformation",
     "From running warehouses to running the AI programme that changed how they work.",
     "VP Operations", "Director of AI Transformation", "operations", "operations", "Logistics", 14,
     "ai-transformation,operations",
     "I ran operations for a logistics network of 40 sites. Forecasting errors cost us millions "
     "and I was tired of hearing that AI would fix it 'next year'.",
     "I partnered with our two data scientists, picked demand forecasting, and measured it in "
     "euros saved, not accuracy points. That result became my new job.",
     "Operations people know where the money leaks. Start there, and speak the CFO's language."),
    ("Principal PM to Head of Generative AI",
     "A platform PM's route into leading a generative AI group of thirty people.",
     "Principal PM", "Head of Generative AI", "product", "product", "Media", 9,
     "generative-ai,ai-product",
     "I had led platform products for years; generative AI looked like one more platform shift.",
     "It was, and it was not. The product skills transferred; the uncertainty did not. I learned to "
     "plan in experiments and to budget for evaluation like we budget for QA.",
     "Treat evaluation as a product. Make the quality of your model visible to everyone."),
    ("Head of Sales to VP of AI Partnerships",
     "Turning enterprise sales experience into an AI partnerships role.",
     "Head of Sales", "VP AI Partnerships", "go-to-market", "go-to-market", "Enterprise software", 12,
     "partnerships,go-to-market",
     "I sold enterprise software for fifteen years. The AI vendors calling us needed someone who "
     "understood procurement, security reviews and how big companies really buy.",
     "I built our model-provider partnerships: pricing, risk reviews, joint roadmaps.",
     "AI companies are short of people who can close with enterprises. That is your edge."),
    ("From engineering manager to Head of ML Platform",
     "An infrastructure leader's move into machine learning platforms.",
     "Engineering Manager", "Head of ML Platform", "engineering", "data-ml", "E-commerce", 16,
     "mlops,ml-platform",
     "I managed infrastructure teams and watched our data scientists wait weeks for GPUs.",
     "I offered to build them a platform. Two years later it serves every model we run.",
     "Platform thinking transfers well. Learn the ML lifecycle from the people who suffer it."),
    ("Design director to Head of AI Experience",
     "Why AI products need designers in charge of trust, not only of screens.",
     "Design Director", "Head of AI Experience", "design", "design", "Healthtech", 11,
     "ai-design,responsible-ai",
     "Our first AI assistant tested badly: users did not trust answers they could not check.",
     "I led the redesign around sources, confidence and easy correction. Trust scores doubled.",
     "Designers who understand model failure modes are rare. Learn them and you will be needed."),
    ("CFO to Chief AI Officer",
     "A finance leader's unexpected path to owning AI for a 5,000-person insurer.",
     "CFO", "Chief AI Officer", "other", "strategy", "Insurance", 20,
     "c-level,ai-governance",
     "As CFO I approved every AI budget request and kept asking the same questions about return.",
     "The CEO asked me to own the portfolio instead. Governance, risk and value tracking turned "
     "out to be most of the job.",
     "The business case is the hard part of AI. If you can make it honestly, you can lead it."),
    ("Customer success director to Head of Conversational AI",
     "From running support teams to designing the assistant that now answers half the questions.",
     "Director of Customer Success", "Head of Conversational AI", "operations", "product",
     "Telecom", 13, "conversational-ai,customer-experience",
     "I knew every reason our customers called us, because my teams answered them.",
     "That knowledge became the backbone of our assistant's design and its test sets.",
     "Your call logs are a gold mine. Bring them, and the people who know them, to the AI team."),
    ("Analytics lead to Director of Applied AI",
     "Moving from dashboards to models that decide things.",
     "Data Analytics Lead", "Director of Applied AI", "data-ml", "data-ml", "Retail", 8,
     "applied-ai,analytics",
     "I led analytics for a retailer and felt stuck producing reports nobody acted on.",
     "We moved one decision, markdown pricing, from a spreadsheet to a model. It changed my role.",
     "Find a decision, not a dataset. Models matter when they change what someone does."),
    ("Product VP to AI product advisor, fractional",
     "Going fractional: advising three companies on AI product after twenty years in-house.",
     "VP Product", "Fractional AI Product Advisor", "product", "product", "Fintech", 6,
     "fractional,ai-product",
     "After a restructuring I had time, savings and a network of founders adding AI to products.",
     "Three of them asked for help. Fractional work let me learn three stacks at once.",
     "Fractional roles are a fast way to build AI experience across companies. Price them fairly."),
    ("Programme director to Head of Responsible AI",
     "How a regulatory programme manager became the person who says when AI is safe to ship.",
     "Programme Director", "Head of Responsible AI", "operations", "strategy", "Banking", 15,
     "responsible-ai,ai-governance",
     "I ran regulatory programmes at a bank: the unglamorous work of proving we did things right.",
     "When our AI pilots met the regulators, that work suddenly mattered to everyone.",
     "Governance is a product too: make the safe path the fast path, or teams will route around it."),
]  # fmt: skip


def story_body(start: str, turn: str, advice: str) -> str:
    """A story in Markdown from its three parts."""
    return (
        f"## Where I started\n\n{start}\n\n## The turn\n\n{turn}\n\n"
        "What I kept from my old role:\n\n- how decisions really get made\n"
        "- the people who trusted me\n- a sense of what customers pay for\n\n"
        f"## What I would tell you\n\n> {advice}\n\nIf you are making a similar move, "
        "ask me on the board: I remember how uncertain the first months felt."
    )


def demo_story(index: int) -> dict[str, Any]:
    """The editable fields of demo story `index`."""
    (title, summary, from_role, to_role, from_function, to_function, industry, months, tags,
     start, turn, advice) = DEMO_STORIES[index]  # fmt: skip
    return {
        "title": title, "summary": summary, "from_role": from_role, "to_role": to_role,
        "from_function": from_function, "to_function": to_function, "industry": industry,
        "months_taken": months, "body": story_body(start, turn, advice), "tags": tags,
    }  # fmt: skip


def sample_story(rng: random.Random, number: int) -> dict[str, Any]:
    """A generated story for benchmarks, built from the demo ones."""
    data = demo_story(rng.randrange(len(DEMO_STORIES)))
    data["title"] = f"{data['title']} ({number})"
    data["months_taken"] = rng.randrange(3, 36)
    return data
