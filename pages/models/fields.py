from django.db import models


def optional_link(to, **options):
    """A link emptied, not followed, when what it points to is deleted (who did
    something, a page's revisions); no reverse accessor."""
    return models.ForeignKey(
        to, on_delete=models.SET_NULL, null=True, related_name="+", **options
    )
