"""Pages the site itself links to at a fixed address: the home page (/) and the
privacy notice (/privacy/, which the contact form asks families to read before
they agree, and every footer links to). They keep their address and stay on the
site: an editor changes what they say, never where they are."""

HOME_SLUG = "home"
PRIVACY_SLUG = "privacy"

# slug: (what it is, its address, why it stays)
KEPT = {
    HOME_SLUG: (
        "the home page",
        "the site's own address",
        "it is what visitors see at the site's address",
    ),
    PRIVACY_SLUG: (
        "the privacy notice",
        "/privacy/",
        "the contact form and every page's footer link to it",
    ),
}


def address_is_fixed(slug):
    what, where, why = KEPT[slug]
    return f"This is {what}: its address is {where} and cannot be changed ({why})."


def stays_on_the_site(slug):
    what, _, why = KEPT[slug]
    return (
        f"This is {what}: it is always on the site and cannot be taken offline "
        f"({why}). Leave “Take offline at” empty."
    )


def cannot_be_unpublished(slug):
    what, _, why = KEPT[slug]
    return (
        f"{what[0].upper()}{what[1:]} cannot be taken off the site: {why}. To "
        "change what it says, edit it and press Publish."
    )


def cannot_be_deleted(slug):
    what, _, why = KEPT[slug]
    return f"{what[0].upper()}{what[1:]} cannot be deleted: {why}."
