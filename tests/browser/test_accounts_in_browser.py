"""A member's account journey in a real browser: register, sign out, sign in, bad input."""

import pytest

from tests.support import PASSWORD

pytestmark = pytest.mark.browser


def register(page, email="grace@example.com", name="Grace Hopper", password=PASSWORD):
    page.goto("/auth/register")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Display name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Create account").click()


def test_register_sign_out_and_sign_in_again(page):
    register(page)
    page.wait_for_url("**/")
    assert page.get_by_text("Welcome to AICB Board, Grace Hopper.").is_visible()

    page.locator("summary", has_text="Grace Hopper").click()
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_text("You are signed out.").is_visible()
    header_sign_in = page.locator(".account-nav").get_by_role("link", name="Sign in")
    assert header_sign_in.is_visible()

    header_sign_in.click()
    page.get_by_label("Email").fill("grace@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text("Welcome back, Grace Hopper.").is_visible()


def test_weak_password_shows_the_reason_next_to_the_field_and_keeps_input(page):
    register(page, password="password123")
    error = page.locator("#password-error")
    assert "too common or easy to guess" in error.inner_text()
    assert page.get_by_label("Display name").input_value() == "Grace Hopper"
    assert page.get_by_label("Email").input_value() == "grace@example.com"


def test_stylesheet_loads_under_the_content_security_policy(page):
    page.goto("/")
    colour = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert colour == "rgb(255, 255, 255)"
    assert page.title().endswith("AICB Board")
