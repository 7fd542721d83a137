"""A read-only JSON API of published content, described by an OpenAPI document."""
