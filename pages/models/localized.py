import copy

from django.utils import translation


class Localized:
    """A model whose TRANSLATED_FIELDS each have a Spanish twin, `<name>_es`."""

    TRANSLATED_FIELDS = ()

    def localized(self, language=None):
        """A copy as `language` (the active one by default) shows it; the original
        is left as stored, so it can still be saved."""
        local = copy.copy(self)
        if (language or translation.get_language()) == "es":
            for name in self.TRANSLATED_FIELDS:
                setattr(local, name, self.in_spanish(name))
        return local

    def in_spanish(self, name):
        """The Spanish of one field; the English where none was written."""
        return getattr(self, f"{name}_es") or getattr(self, name)
