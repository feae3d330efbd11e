"""The Spanish catalog covers every string marked for translation, and the
committed .mo is the compiled .po (so a machine without gettext serves it)."""

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template import engines
from django.templatetags.i18n import BlockTranslateNode, TranslateNode

ROOT = Path(settings.BASE_DIR)
CATALOG = ROOT / "locale" / "es" / "LC_MESSAGES"
# Staff-facing: the admin and the sign-in lockout stay in English.
STAFF_TEMPLATES = ("admin", "security")
PYTHON_PACKAGES = ("contact", "pages", "security", "iecmh_site")
GETTEXT_CALLS = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
}
FILTER_ARGUMENT = re.compile(r'_\("((?:[^"\\]|\\.)*)"\)')
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def family_templates():
    templates = ROOT / "templates"
    return sorted(
        path
        for path in templates.rglob("*")
        if path.is_file()
        and path.relative_to(templates).parts[0] not in STAFF_TEMPLATES
    )


def template_messages(path):
    source = path.read_text()
    nodelist = engines["django"].from_string(source).template.nodelist
    messages = {(None, text) for text in FILTER_ARGUMENT.findall(source)}
    for node in nodelist.get_nodes_by_type(TranslateNode):
        if node.filter_expression.var.literal is None:
            continue  # {% translate variable %}: nothing to extract
        context = node.message_context.var if node.message_context else None
        messages.add((context, node.filter_expression.var.literal))
    for node in nodelist.get_nodes_by_type(BlockTranslateNode):
        context = node.message_context.var if node.message_context else None
        messages.add((context, node.render_token_list(node.singular)[0]))
    return messages


def python_messages(path):
    messages = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name not in GETTEXT_CALLS:
            continue
        context_at, message_at = GETTEXT_CALLS[name]
        args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
        context = args[context_at] if context_at is not None else None
        if args[message_at] is not None:  # gettext(variable): nothing to extract
            messages.add((context, args[message_at]))
    return messages


def python_files():
    for package in PYTHON_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


@pytest.fixture(scope="module")
def catalog():
    po = polib.pofile(str(CATALOG / "django.po"))
    return {(entry.msgctxt, entry.msgid): entry for entry in po}


@pytest.mark.parametrize(
    "files, messages",
    [(family_templates, template_messages), (python_files, python_messages)],
    ids=["family-facing templates", "python marked for translation"],
)
def test_every_string_is_translated(catalog, files, messages):
    missing = {
        f"{path.relative_to(ROOT)}: {message!r}"
        for path in files()
        for message in messages(path)
        if message not in catalog or not catalog[message].translated()
    }
    assert not missing, "\n".join(sorted(missing))


def test_the_extractors_find_the_strings_they_look_for():
    # Guards the two tests above against silently finding nothing.
    templates = set().union(*(template_messages(p) for p in family_templates()))
    python = set().union(*(python_messages(p) for p in python_files()))
    assert (None, "Skip to main content") in templates
    assert ("navigation", "Main") in templates
    assert (None, "Please check one answer") in templates
    assert (None, "Go to the home page") in templates
    assert (
        None,
        "Something in the request was not valid. Please go back and try again.",
    ) in templates
    assert (None, "Please tell us your name.") in python
    assert (None, "Sleep") in python


def test_no_translation_is_fuzzy_and_placeholders_match(catalog):
    for entry in catalog.values():
        if not entry.msgid:
            continue
        assert "fuzzy" not in entry.flags, entry.msgid
        translations = (
            entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        )
        expected = set(PLACEHOLDER.findall(entry.msgid + entry.msgid_plural))
        for text in translations:
            assert text, entry.msgid
            assert set(PLACEHOLDER.findall(text)) <= expected, entry.msgid
            if not entry.msgid_plural:
                assert set(PLACEHOLDER.findall(text)) == expected, entry.msgid


def test_the_committed_mo_file_is_the_compiled_po_file(catalog):
    compiled = {
        (entry.msgctxt, entry.msgid): entry
        for entry in polib.mofile(str(CATALOG / "django.mo"))
        if entry.msgid
    }
    translated = {key: e for key, e in catalog.items() if key[1] and e.translated()}
    assert compiled.keys() == translated.keys(), (
        "Run `manage.py compilemessages` and commit locale/es/LC_MESSAGES/django.mo"
    )
    for key, entry in translated.items():
        if entry.msgid_plural:
            assert compiled[key].msgstr_plural == entry.msgstr_plural, key
        else:
            assert compiled[key].msgstr == entry.msgstr, key


BLOCK_TRANSLATE = re.compile(
    r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", re.DOTALL
)
TEMPLATE_SYNTAX = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)
HTML_TAG = re.compile(r"<[^>]*>", re.DOTALL)


def untranslated_text(path):
    text = BLOCK_TRANSLATE.sub(" ", path.read_text())
    text = HTML_TAG.sub(" ", TEMPLATE_SYNTAX.sub(" ", text))
    return re.findall(r"[A-Za-z][A-Za-z']*", text)


@pytest.mark.parametrize(
    "path",
    [
        path
        for path in family_templates()
        if path.suffix == ".html" or path.name == "family_confirmation.txt"
    ],
    ids=lambda path: str(path.relative_to(ROOT / "templates")),
)
def test_family_facing_templates_have_no_words_outside_translate_tags(path):
    assert untranslated_text(path) == []
