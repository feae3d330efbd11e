"""How an inquiry reads to the person who will call the family."""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from ..models import ContactAttempt, Inquiry
from ..phones import phone_link, sms_link


def person(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def referrer(inquiry):
    return ", ".join(filter(None, [inquiry.name, inquiry.organisation]))


def writer_line(inquiry):
    """Who wrote, when that is not the family itself."""
    if inquiry.is_referral:
        return f"Referred by {referrer(inquiry)}"
    if inquiry.name != inquiry.family_contact_name:
        return f"Written by {inquiry.name} ({inquiry.get_writer_display()})"
    return inquiry.get_writer_display()


def their_concerns(inquiry):
    """What brings them, as the family chose it from the form's list. Never
    their message: reading it is logged (the page), as export keeps it apart."""
    text = ", ".join(inquiry.concern_labels())
    return format_html('<span class="who-words">{}</span>', text) if text else ""


def who_to_call(inquiry):
    return format_html(
        '<span class="who-name">{}</span>'
        '<span class="who-writer">{}</span>{}'
        '<span class="who-ref">{} · {}</span>',
        inquiry.family_contact_name,
        writer_line(inquiry),
        their_concerns(inquiry),
        inquiry.reference,
        timezone.localtime(inquiry.created_at).strftime("%-d %b %H:%M"),
    )


def email_link(value):
    if not value:
        return ""
    # A long address may wrap after its @ or before a dot, never inside a word;
    # <wbr> adds no character, so the address copies whole.
    shown = escape(value).replace("@", "@<wbr>").replace(".", "<wbr>.")
    return format_html(
        '<a class="mail-link" href="mailto:{}">{}</a>', value, mark_safe(shown)
    )


def language_line(inquiry):
    """The language to call in, and whether to book an interpreter first."""
    language, interpreter = inquiry.language, inquiry.interpreter_needed
    if language and interpreter:
        text = f"In {language} · needs an interpreter"
    elif language or interpreter:
        text = f"In {language}" if language else "Needs an interpreter"
    else:
        return ""
    return format_html('<span class="reach-language">{}</span>', text)


def referrers_choice(inquiry):
    """True when a referral's chosen way needs a detail the family did not give
    (the referrer chose email for themselves, say): it is not the family's."""
    if not inquiry.gave_family_contact:
        return False
    if inquiry.preferred_contact == Inquiry.ContactMethod.EMAIL:
        return not inquiry.family_contact_email
    return not inquiry.family_contact_phone


def preference(inquiry):
    way = inquiry.get_preferred_contact_display().lower()
    if referrers_choice(inquiry):
        return f"The referrer prefers {way}"
    return f"Prefers {way}"


def discretion_line(inquiry):
    """What not to do on the phone, when the family did not say it is OK:
    read before the call, not after it."""
    if not inquiry.family_contact_phone:
        return ""
    parts = []
    if not inquiry.voicemail_ok:
        parts.append("No voicemail")
    if not inquiry.practice_name_ok:
        parts.append("don't say the practice's name")
    if not parts:
        return ""
    text = " · ".join(parts)
    return format_html(
        '<span class="reach-discretion">{}</span>', text[0].upper() + text[1:]
    )


def phone_line(inquiry):
    """The family's number to tap, and to text when a text is what they asked."""
    number = inquiry.family_contact_phone
    if not number:
        return ""
    if inquiry.preferred_contact == Inquiry.ContactMethod.TEXT:
        return format_html("{} {}", phone_link(number), sms_link(number))
    return phone_link(number)


def reach_lines(inquiry):
    lines = [
        phone_line(inquiry),
        email_link(inquiry.family_contact_email),
        format_html(
            '<span class="reach-pref">{}{}</span>',
            preference(inquiry),
            f" · {inquiry.best_times}" if inquiry.best_times else "",
        ),
        language_line(inquiry),
        discretion_line(inquiry),
    ]
    return [line for line in lines if line]


def how_to_reach(inquiry):
    return format_html_join(
        "", "<span>{}</span>", ((line,) for line in reach_lines(inquiry))
    )


# Blank cells read "—" at a desk; a phone's card leaves them out.
NOTHING = mark_safe('<span class="nothing">—</span>')  # noqa: S308 (a constant)


def next_step(inquiry):
    if not inquiry.next_step_on:
        return NOTHING
    today = timezone.localdate()
    state = (
        "overdue"
        if inquiry.next_step_on < today
        else "today"
        if inquiry.next_step_on == today
        else "later"
    )
    return format_html(
        '<span class="next-step next-step--{}">{}</span>{}',
        state,
        "Today" if state == "today" else inquiry.next_step_on.strftime("%-d %b"),
        format_html('<span class="next-step-note">{}</span>', inquiry.next_step_note)
        if inquiry.next_step_note
        else "",
    )


def yes_no(value):
    return "yes" if value else "no"


def contact_card(inquiry):
    facts = [
        (
            "Prefers",
            f"{inquiry.get_preferred_contact_display()} (the referrer's choice)"
            if referrers_choice(inquiry)
            else inquiry.get_preferred_contact_display(),
        ),
        ("Best times", inquiry.best_times or "—"),
        ("Voicemail OK", yes_no(inquiry.voicemail_ok)),
        ("OK to say the practice's name", yes_no(inquiry.practice_name_ok)),
        ("Child's age", inquiry.get_child_age_display()),
        ("What brings them", ", ".join(inquiry.concern_labels()) or "—"),
    ]
    if inquiry.language:
        facts.append(("Language", inquiry.language))
    facts.append(("Interpreter needed", yes_no(inquiry.interpreter_needed)))
    reply = ""
    if inquiry.family_contact_email:
        reply = format_html(
            '<a class="button inquiry-reply-button" href="{}">Write to the family</a>',
            reverse("admin:contact_inquiry_reply", args=[inquiry.pk]),
        )
    referrer_line = ""
    if inquiry.is_referral and inquiry.gave_family_contact:
        # Calling the referrer back is often the first step: their own number.
        referrer_line = format_html(
            '<p class="contact-card-referrer">Referrer: {}</p>',
            format_html_join(
                " · ",
                "{}",
                (
                    (part,)
                    for part in [
                        referrer(inquiry),
                        phone_link(inquiry.phone),
                        email_link(inquiry.email),
                    ]
                    if part
                ),
            ),
        )
    held = ""
    if inquiry.held:
        held = format_html(
            '<p class="inquiry-held">{}</p>',
            "Held: one of many inquiries from one address within the hour. The "
            "family got no confirmation email; please check it is genuine.",
        )
    return format_html(
        '<div class="contact-card">{}'
        '<p class="contact-card-name">{}</p><p class="contact-card-writer">{}</p>'
        '<p class="contact-card-reach">{}</p>{}'
        "<dl>{}</dl>{}"
        '<h3 class="contact-card-heading">Their message</h3>'
        '<p class="contact-card-message">{}</p>'
        "</div>",
        held,
        inquiry.family_contact_name,
        writer_line(inquiry),
        format_html_join(
            "",
            "<span>{}</span>",
            (
                (line,)
                for line in [
                    phone_line(inquiry),
                    email_link(inquiry.family_contact_email),
                    discretion_line(inquiry),
                ]
                if line
            ),
        ),
        referrer_line,
        format_html_join("", "<dt>{}</dt><dd>{}</dd>", facts),
        reply,
        inquiry.message or "(no message)",
    )


def last_attempt_line(inquiry):
    """ "Last try: Left a voicemail · 30 Nov", from the list's annotation."""
    outcome = getattr(inquiry, "last_attempt_outcome", None)
    if not outcome:
        return ""
    when = timezone.localtime(inquiry.last_attempt_attempted_at)
    return format_html(
        '<span class="inquiry-last-attempt">Last try: {} · {}</span>',
        # A value no longer among the choices shows as stored, never a 500.
        dict(ContactAttempt.Outcome.choices).get(outcome, outcome),
        when.strftime("%-d %b %H:%M"),
    )
