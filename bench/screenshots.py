"""Phone and desktop screenshots of the home page, the contact form (blank, with
errors, as a professional), the thank-you page, the privacy notice, the Spanish
home and form, the offer to switch to Spanish, and the clinicians' inquiry list
and an inquiry page (admin, as a member of "Clinicians") in docs/screenshots/.

granian (as the README's production set-up) with production settings on PostgreSQL;
Debian's Chromium via Playwright.
Usage: BENCH_DB_PREFIX=iecmh_mine .venv/bin/python bench/screenshots.py [admin]
("admin": only the admin's screenshots)
"""

import secrets
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.servers import (  # noqa: E402
    DB_PREFIX,
    FICTIONAL_PRACTICE,
    admin_sign_in,
    fresh_database,
    granian,
    migrated_env,
)
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
# The practice's time zone: the admin's date fields do not warn "You are 5 hours ahead".
SIZES = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "timezone_id": "America/New_York",
    },
    "desktop": {
        "viewport": {"width": 1440, "height": 900},
        "timezone_id": "America/New_York",
    },
}
SAMPLE_DATA = """
from datetime import timedelta
from contact.models import Inquiry, InquirySettings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from pages.models import SiteSettings
s = SiteSettings.load()
s.hours = "Monday to Thursday, 9am to 5pm"
s.save()
InquirySettings(recipients="intake@practice.example").save()
clinician = get_user_model().objects.create_user(
    "clinician", "c@practice.example", PASSWORD, is_staff=True,
    first_name="Amara", last_name="Okafor",
)
clinician.groups.add(Group.objects.get(name="Clinicians"))
owner = get_user_model().objects.create_user(
    "owner", "o@practice.example", PASSWORD, is_staff=True,
    first_name="Pat", last_name="Rivera",
)
owner.groups.add(Group.objects.get(name="Practice admins"))
for name, age, how, concerns, times in [
    ("Maria Lopez", "0-12m", "phone", ["sleep", "feeding"], "Mornings before 10"),
    ("Sam Carter", "1-2y", "email", ["development"], ""),
    ("Aisha Rahman", "expecting", "text", ["attachment"], "After 6 pm"),
    ("Jordan Lee", "3-5y", "email", ["feelings"], "Weekdays at lunch"),
]:
    Inquiry.objects.create(
        writer="parent", name=name, email=name.split()[0].lower() + "@example.net",
        phone="(212) 555-0199", preferred_contact=how, child_age=age,
        concerns=concerns, consented=True, best_times=times,
        message="Our son wakes every hour at night and we are exhausted. "
        "Could we talk about what might help?",
    )
Inquiry.objects.create(
    writer="professional", referrer_kind="pediatrician",
    name="Dr Helen Park", organisation="Springfield Pediatrics",
    email="hpark@springfieldpeds.example", phone="555 010 0142 ext 14",
    preferred_contact="phone", child_age="1-2y", concerns=["development"],
    family_agreed=True, consented=True, family_name="The Nguyen family",
    family_phone="(212) 555-0123",
    message="Referring a family whose toddler has stopped speaking since a move.",
)
Inquiry.objects.filter(name="Maria Lopez").update(
    language="Español", interpreter_needed=True
)
# Held by the rate limit: the list tells the clinician to check it first.
Inquiry.objects.filter(name="Jordan Lee").update(held=True)
first = Inquiry.objects.order_by("pk").first()
first.assigned_to = clinician
first.status = "contacted"
first.next_step_on = timezone.localdate()
first.next_step_note = "Call back after 3 pm"
first.save()
# Two families have waited a week: the list marks them overdue.
week_ago = timezone.now() - timedelta(days=7)
for inquiry in Inquiry.objects.order_by("pk")[:2]:
    Inquiry.objects.filter(pk=inquiry.pk).update(
        created_at=week_ago, status_changed_at=week_ago
    )
"""


def fill_form(page, name):
    page.check("input[name=writer][value=parent]")
    page.fill("#id_name", name)
    page.fill("#id_email", name.split()[0].lower() + "@example.net")
    page.check("input[name=child_age][value='1-2y']")
    page.check("#id_consent")
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/contact/thanks/")


def shot_full(page, name, size):
    path = OUT / f"{name}-{size}.png"
    page.screenshot(path=path, full_page=True)
    print(f"docs/screenshots/{path.name}: {path.stat().st_size // 1024} KB")


def shot(page, name, size):
    path = OUT / f"{name}-{size}.png"
    page.screenshot(path=path)
    print(f"docs/screenshots/{path.name}: {path.stat().st_size // 1024} KB")


def main(admin_only=False):
    password = secrets.token_urlsafe(16)
    env = migrated_env(
        fresh_database(DB_PREFIX + "_screenshots"),
        f"PASSWORD = {password!r}\n" + SAMPLE_DATA,
        DJANGO_SECURE_COOKIES="0",
        DJANGO_LOG_LEVEL="WARNING",
        TASK_BACKEND="database",
        CONTACT_MIN_FILL_SECONDS="0",
        **FICTIONAL_PRACTICE,
    )
    OUT.mkdir(parents=True, exist_ok=True)
    # Threads: a browser's idle keep-alive connections must not hold every worker.
    with granian(env, threads=2) as site, sync_playwright() as playwright:
        # The tests' flags: without --disable-gpu a screenshot could hang here.
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        for size, options in SIZES.items():
            context = browser.new_context(base_url=site, **options)
            page = context.new_page()

            if not admin_only:
                page.goto("/")
                shot(page, "home", size)
                page.goto("/contact/")
                shot(page, "contact", size)
                shot_full(page, "contact-full", size)
                page.check("input[name=writer][value=professional]")
                page.locator("#professional-questions").scroll_into_view_if_needed()
                shot(page, "contact-professional", size)
                page.goto("/contact/")
                page.fill("#id_phone", "212 555")
                page.get_by_role("button", name="Send").click()
                shot(page, "contact-errors", size)
                page.locator("#div_id_child_age").scroll_into_view_if_needed()
                shot(page, "contact-errors-age", size)
                page.goto("/contact/")
                fill_form(page, {"phone": "Rosa Diaz", "desktop": "Lee Chen"}[size])
                shot(page, "thanks", size)
                page.goto("/privacy/")
                shot_full(page, "privacy", size)
                page.goto("/es/")
                shot(page, "home-es", size)
                page.goto("/es/contact/")
                shot(page, "contact-es", size)
            admin_sign_in(
                page,
                "clinician",
                password,
                "/admin/login/?next=/admin/contact/inquiry/",
            )
            page.wait_for_url("**/admin/contact/inquiry/")
            shot(page, "inquiries", size)
            page.get_by_role("link", name="Maria Lopez").first.click()
            page.wait_for_url("**/change/")
            shot(page, "inquiry", size)
            page.get_by_role("link", name="Write to the family").click()
            page.get_by_label("Start from").select_option(index=1)
            page.get_by_role("button", name="Use this text").click()
            page.get_by_label("Subject").wait_for()
            shot(page, "reply", size)
            # Leaving the unsent email asks first (keep-typing.js): a new tab.
            page.close()
            page = context.new_page()
            page.goto("/admin/")
            shot(page, "admin-home", size)
            context.close()
            # A practice admin's home: the "ready to receive families" panel.
            context = browser.new_context(base_url=site, **options)
            page = context.new_page()
            admin_sign_in(page, "owner", password)
            page.wait_for_url("**/admin/")
            shot(page, "admin-home-practice-admin", size)
            context.close()
            spanish = browser.new_context(base_url=site, locale="es-MX", **options)
            page = spanish.new_page()
            page.goto("/")
            shot(page, "home-spanish-browser", size)
            spanish.close()
        browser.close()


if __name__ == "__main__":
    main(admin_only=sys.argv[1:] == ["admin"])
