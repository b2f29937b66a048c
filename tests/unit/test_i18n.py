"""UI translation catalogs: fresh, complete and correct, and the `storefront i18n` commands."""

from __future__ import annotations

import gettext as gettext_module
import re
import shutil
from pathlib import Path

import babel
import pytest
from babel.messages.catalog import Catalog, Message
from babel.support import Translations
from click.testing import CliRunner, Result

from storefront import i18n
from storefront.cli import main
from storefront_catalog.i18n import gettext_callables, market_translations
from storefront_catalog.urls import Market

REPO = Path(__file__).resolve().parents[2]
I18N = REPO / "i18n"
LANGUAGES = ["ar", "de", "en_US", "es", "fr", "ja"]
NAMED = re.compile(r"%\((\w+)\)")


def keys_text(keys: set) -> str:
    return "\n".join(f"  {k[0]!r}" for k in sorted(keys, key=repr))


# -- the committed catalogs -----------------------------------------------------------------
def test_messages_pot_has_every_template_and_plugin_string() -> None:
    fresh = i18n.message_keys(i18n.extract(REPO))
    committed = i18n.message_keys(i18n.read_template(I18N))
    assert ("Buy now", None) in fresh and ("In stock", None) in fresh  # template + N_() label
    assert not fresh - committed, (
        "strings in the templates/plugins but not in i18n/messages.pot:\n"
        f"{keys_text(fresh - committed)}\nrun: storefront i18n extract && storefront i18n update"
    )
    assert not committed - fresh, (
        "strings in i18n/messages.pot that no template uses any more:\n"
        f"{keys_text(committed - fresh)}\nrun: storefront i18n extract && storefront i18n update"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_is_complete_without_fuzzy_entries_or_broken_placeholders(lang: str) -> None:
    [row] = [r for r in i18n.status(I18N) if r.lang == lang]
    todo = "\n".join(str(p) for p in row.todo + row.problems)
    assert row.complete, f"{lang}: {row.missing} missing, {row.fuzzy} fuzzy:\n{todo}"
    assert row.translated == row.total > 100


def form_of(catalog: Catalog, n: int) -> int:
    """The plural form the catalog's Plural-Forms header gives the count ``n``."""
    return int(gettext_module.c2py(catalog.plural_expr)(n))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_forms_header_is_babels_and_every_form_is_filled(lang: str) -> None:
    """The header is the rule the installed Babel (CLDR) gives the language; when a Babel
    upgrade changes it, `storefront i18n update` moves the translations to the new forms."""
    catalog = i18n.read_catalog(i18n.po_path(I18N, lang), lang)
    babels = Catalog(locale=lang)
    assert catalog.plural_forms == babels.plural_forms, (
        f"{lang}: Plural-Forms is not the rule Babel {babel.__version__} gives the language; "
        "run: storefront i18n update, then fill the plural entries it marks fuzzy")
    if lang == "fr":  # French: 0 and 1 share a form, 2 has another
        assert form_of(catalog, 0) == form_of(catalog, 1) != form_of(catalog, 2)
    plurals = [m for m in catalog if m.id and not isinstance(m.id, str)]
    assert plurals
    for m in plurals:
        assert len(m.string) == babels.num_plurals and all(m.string), m.id


def test_the_committed_catalogs_are_the_only_languages_and_mo_files_are_ignored() -> None:
    assert i18n.languages(I18N) == LANGUAGES
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").split()
    assert "*.mo" in ignored, ".mo files are build output; keep *.mo in .gitignore"


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mo")
    results = i18n.compile(I18N, out)
    assert [r.lang for r in results if r.mo] == LANGUAGES, [p for r in results for p in r.problems]
    return out


def test_compiled_german_catalog_translates_shop_labels(compiled: Path) -> None:
    de = Translations.load(str(compiled), ["de"])
    assert de.gettext("Buy now") == "Jetzt kaufen"
    assert de.gettext("In stock") == "Auf Lager"
    _, ngettext = gettext_callables(de)
    assert ngettext("%(num)s product", "%(num)s products", 1) == "1 Produkt"
    assert ngettext("%(num)s product", "%(num)s products", 12) == "12 Produkte"


def test_compiled_arabic_catalog_uses_different_plural_forms_for_3_and_11(compiled: Path) -> None:
    ar = Translations.load(str(compiled), ["ar"])
    _, ngettext = gettext_callables(ar)
    three = ngettext("%(num)s product", "%(num)s products", 3)
    eleven = ngettext("%(num)s product", "%(num)s products", 11)
    assert three.startswith("3 ") and eleven.startswith("11 ")
    assert three[2:] != eleven[2:]  # منتجات (3-10) vs منتجًا (11-99)
    assert ngettext("%(num)s product", "%(num)s products", 2) == "منتجان"


def test_each_market_reads_its_regional_catalog_before_its_language(tmp_path: Path) -> None:
    """en-US has i18n/en_US (American spelling); en-GB and en-SG have none and show the
    British source text; de-AT, with no de_AT, reads de."""
    markets = [Market(code, lang, f"{lang}_{country}", "USD", prefix=code, country=country)
               for code, lang, country in (("en-us", "en", "US"), ("en-gb", "en", "GB"),
                                           ("en-sg", "en", "SG"), ("de-at", "de", "AT"))]
    ui, problems = market_translations(I18N, markets, tmp_path)
    assert problems == []
    colour = {code: tr.gettext("Colour") for code, (tr, _) in ui.items()}
    assert colour == {"en-us": "Color", "en-gb": "Colour", "en-sg": "Colour", "de-at": "Farbe"}
    assert ui["en-gb"] is ui["en-sg"]  # one catalog, loaded once
    assert ui["en-us"][1] != ui["en-gb"][1]  # pages of the two are cached apart


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_translation_renders_with_newstyle_gettext(compiled: Path, lang: str) -> None:
    """What the templates do with each string: %-format it, for counts 0 to 120."""
    tr = Translations.load(str(compiled), [lang])
    gettext, ngettext = gettext_callables(tr)
    for m in i18n.read_template(I18N):
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        values = {name: f"<{name}>" for text in ids for name in NAMED.findall(text)}
        if isinstance(m.id, str):
            out = gettext(m.id, **values)
            assert out.strip(), (lang, m.id)
            for name in values:
                assert f"&lt;{name}&gt;" in out, (lang, m.id, name)
            continue
        for n in range(121):
            out = ngettext(m.id[0], m.id[1], n, **{**values, "num": f"[{n}]"})
            assert "%(" not in out, (lang, m.id, n)
            for name in set(values) - {"num"}:
                assert f"&lt;{name}&gt;" in out, (lang, m.id, n, name)
            if n > 2:
                assert f"[{n}]" in out, f"{lang}: {m.id[0]!r} hides the count {n}"


# -- the placeholder check ------------------------------------------------------------------
def msg(msgid: str | tuple[str, str], string: str | tuple[str, ...]) -> Message:
    return Message(msgid, string)


def test_translation_that_drops_a_placeholder_is_reported_with_the_placeholder() -> None:
    [problem] = i18n.check_message(msg("Expected %(date)s", "Voraussichtlich lieferbar"))
    assert "lost %(date)s" in problem and "keep every placeholder" in problem


def test_translation_with_a_placeholder_the_source_lacks_is_reported() -> None:
    [problem] = i18n.check_message(msg("Buy now", "Jetzt %(name)s kaufen"))
    assert "%(name)s" in problem and "fail to render" in problem


def test_lone_percent_sign_must_be_doubled() -> None:
    [problem] = i18n.check_message(msg("%(pct)s%%", "%(pct)s %"))
    assert "lone %" in problem and "write %%" in problem
    assert i18n.check_message(msg("%(pct)s%%", "%(pct)s\u00a0%%")) == []


def test_plural_form_for_one_number_may_spell_the_count_out_but_others_may_not() -> None:
    ar = Catalog(locale="ar")
    single = i18n.single_number_forms(ar)
    assert single == {0, 1, 2}
    forms = ("لا توجد منتجات", "منتج واحد", "منتجان", "%(num)s منتجات", "%(num)s منتج",
             "%(num)s منتجًا")
    assert i18n.check_message(msg(("%(num)s product", "%(num)s products"), forms), single) == []
    broken = forms[:3] + ("منتجات",) + forms[4:]
    [problem] = i18n.check_message(msg(("%(num)s product", "%(num)s products"), broken), single)
    assert problem.startswith("msgstr[3] lost %(num)s")
    # French msgstr[0] is used for 0 and 1, so it must show the number
    fr = i18n.single_number_forms(Catalog(locale="fr"))
    [problem] = i18n.check_message(
        msg(("%(num)s product", "%(num)s products"), ("un produit", "%(num)s produits")), fr)
    assert problem.startswith("msgstr[0] lost %(num)s")


# -- the command ----------------------------------------------------------------------------
@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the theme, plugins and catalogs (the commands edit them)."""
    root = tmp_path / "shop"
    skip = shutil.ignore_patterns("__pycache__", ".mypy_cache", "*.pyc", "*.mo", "static")
    for name in ("i18n", "themes", "plugins"):
        shutil.copytree(REPO / name, root / name, ignore=skip)
    return root


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--project", str(project), "i18n", *args],
                              catch_exceptions=False)


def add_template_string(project: Path, text: str) -> None:
    page = project / "themes/storefront/templates/partials/trust.html"
    page.write_text(page.read_text(encoding="utf-8") + f'<p>{{{{ _("{text}") }}}}</p>\n',
                    encoding="utf-8")


def po(project: Path, lang: str) -> Path:
    return i18n.po_path(project / "i18n", lang)


def test_extract_on_unchanged_templates_rewrites_nothing(project: Path) -> None:
    pot = project / "i18n/messages.pot"
    before = pot.read_bytes()
    result = run(project, "extract")
    assert result.exit_code == 0, result.output
    assert "is up to date" in result.output
    assert pot.read_bytes() == before  # no new POT-Creation-Date either


def test_extract_then_update_adds_the_new_string_untranslated_everywhere(project: Path) -> None:
    add_template_string(project, "Gift wrapping available")
    result = run(project, "extract")
    assert result.exit_code == 0, result.output
    assert "Extracted" in result.output and "storefront i18n update" in result.output
    assert 'msgid "Gift wrapping available"' in (project / "i18n/messages.pot").read_text()
    pot_once = (project / "i18n/messages.pot").read_bytes()
    assert "up to date" in run(project, "extract").output
    assert (project / "i18n/messages.pot").read_bytes() == pot_once

    result = run(project, "update")
    assert result.exit_code == 0, result.output
    for lang in LANGUAGES:
        assert f"{lang}: 1 new (untranslated)" in result.output
        text = po(project, lang).read_text(encoding="utf-8")
        assert 'msgid "Gift wrapping available"\nmsgstr ""' in text
        assert 'msgstr "Jetzt kaufen"' in text or lang != "de"  # translations kept
    assert "de: up to date" in run(project, "update").output


def test_update_keeps_removed_strings_as_obsolete_and_revives_them(project: Path) -> None:
    add_template_string(project, "Gift wrapping available")
    run(project, "extract")
    run(project, "update")
    de = po(project, "de")
    de.write_text(de.read_text(encoding="utf-8").replace(
        'msgid "Gift wrapping available"\nmsgstr ""',
        'msgid "Gift wrapping available"\nmsgstr "Geschenkverpackung möglich"'), encoding="utf-8")
    trust = project / "themes/storefront/templates/partials/trust.html"
    trust.write_text(trust.read_text(encoding="utf-8").replace(
        '<p>{{ _("Gift wrapping available") }}</p>\n', ""), encoding="utf-8")
    run(project, "extract")
    result = run(project, "update")
    assert "de: 1 obsolete" in result.output
    assert '#~ msgid "Gift wrapping available"' in de.read_text(encoding="utf-8")

    add_template_string(project, "Gift wrapping available")
    run(project, "extract")
    run(project, "update")
    text = de.read_text(encoding="utf-8")
    assert 'msgid "Gift wrapping available"\nmsgstr "Geschenkverpackung möglich"' in text
    assert "#~" not in text


def test_status_is_green_for_the_committed_catalogs(project: Path) -> None:
    result = run(project, "status")
    assert result.exit_code == 0, result.output
    assert "All translations complete." in result.output
    assert re.search(r"ar\s+│\s+(\d+)\s+│\s+0\s+│\s+0\s+│\s+\1\s", result.output), result.output


def test_status_fails_and_names_the_missing_string(project: Path) -> None:
    add_template_string(project, "Gift wrapping available")
    run(project, "extract")
    run(project, "update")
    result = run(project, "status")
    assert result.exit_code == 1
    assert re.search(r'i18n/de/LC_MESSAGES/messages\.po:\d+: msgid "Gift wrapping available": '
                     r"not translated", result.output), result.output
    assert "de: 1 missing in i18n/de/LC_MESSAGES/messages.po" in result.output


def test_status_fails_on_a_fuzzy_entry(project: Path) -> None:
    fr = po(project, "fr")
    fr.write_text(fr.read_text(encoding="utf-8").replace(
        'msgid "Buy now"', '#, fuzzy\nmsgid "Buy now"'), encoding="utf-8")
    result = run(project, "status")
    assert result.exit_code == 1
    assert 'msgid "Buy now": fuzzy: check the translation' in result.output
    assert "fr: 1 fuzzy" in result.output


def test_status_fails_when_messages_pot_is_stale(project: Path) -> None:
    add_template_string(project, "Gift wrapping available")
    result = run(project, "status")
    assert result.exit_code == 1
    assert "i18n/messages.pot is out of date (1 string added or removed" in result.output
    assert "storefront i18n extract && storefront i18n update" in result.output


def test_compile_writes_mo_files_that_load(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "mo"
    result = run(project, "compile", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert "de: " in result.output and "messages.mo" in result.output
    ja = Translations.load(str(out), ["ja"])
    assert ja.gettext("In stock") == "在庫あり"


def test_compile_refuses_a_catalog_that_lost_a_placeholder(project: Path, tmp_path: Path) -> None:
    de = po(project, "de")
    text = de.read_text(encoding="utf-8")
    broken = text.replace('msgstr[1] "%(num)s Produkte"', 'msgstr[1] "Produkte"')
    assert broken != text
    de.write_text(broken, encoding="utf-8")
    out = tmp_path / "mo"
    result = run(project, "compile", "--output", str(out))
    assert result.exit_code == 1
    assert re.search(r'i18n/de/LC_MESSAGES/messages\.po:\d+: msgid "%\(num\)s product": '
                     r"msgstr\[1\] lost %\(num\)s; keep every placeholder", result.output)
    assert "de: not compiled, 1 error" in result.output
    assert not (out / "de/LC_MESSAGES/messages.mo").exists()
    assert (out / "fr/LC_MESSAGES/messages.mo").exists()
    assert run(project, "status").exit_code == 1


def test_init_starts_a_language_with_its_plural_rules(project: Path) -> None:
    result = run(project, "init", "pl")
    assert result.exit_code == 0, result.output
    assert "Created i18n/pl/LC_MESSAGES/messages.po" in result.output
    catalog = i18n.read_catalog(po(project, "pl"), "pl")
    assert catalog.plural_forms == Catalog(locale="pl").plural_forms  # the rule Babel gives
    assert catalog.num_plurals > 2  # Polish: 1, 2-4, 5-21 differ
    assert "Plural forms: msgstr[0] for 1;" in po(project, "pl").read_text(encoding="utf-8")
    assert i18n.untranslated_ids(catalog)  # all empty, to be translated
    status = run(project, "status")
    assert status.exit_code == 1 and "pl: " in status.output


#: the Arabic header Babel wrote up to 2.18: "other" (100-102) was form 4, "many" (11-99) form 5
OLD_ARABIC_RULE = ("nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 "
                   "? 3 : n%100>=0 && n%100<=2 ? 4 : 5);")
COUNTS = (*range(130), 1000, 1001, 10**6, 2 * 10**6)


def shown(catalog: Catalog) -> dict[tuple[str, int], str]:
    """The text each plural message shows for each count, as the compiled catalog would."""
    return {(m.id[0], n): m.string[form_of(catalog, n)] for m in catalog
            if m.id and not isinstance(m.id, str) for n in COUNTS}


def write_with_rule(path: Path, lang: str, rule: str) -> Catalog:
    """Rewrite a catalog under another Plural-Forms header, each count keeping its text."""
    catalog = i18n.read_catalog(path, lang)
    before = shown(catalog)
    old = gettext_module.c2py(rule.split("plural=", 1)[1].rstrip(";"))
    nplurals = int(rule.split(";")[0].split("=")[1])
    for m in catalog:
        if m.id and not isinstance(m.id, str):
            forms = [""] * nplurals
            for n in COUNTS:
                forms[old(n)] = forms[old(n)] or before[(m.id[0], n)]
            m.string = tuple(forms)
    catalog.mime_headers = [("Plural-Forms", rule)]
    path.write_bytes(i18n._render(catalog))
    return catalog


def test_update_renumbers_plural_forms_when_babel_orders_them_differently(project: Path) -> None:
    """A catalog from an older Babel (Arabic forms 4 and 5 the other way round) gets the
    installed Babel's header, every count still shows the same words, and nothing needs a
    translator."""
    ar = po(project, "ar")
    old = write_with_rule(ar, "ar", OLD_ARABIC_RULE)
    assert old.plural_forms == OLD_ARABIC_RULE
    before = shown(old)
    result = run(project, "update")
    assert result.exit_code == 0, result.output
    catalog = i18n.read_catalog(ar, "ar")
    assert catalog.plural_forms == Catalog(locale="ar").plural_forms
    assert shown(catalog) == before
    assert shown(catalog)[("%(num)s product", 11)] == "%(num)s منتجًا"  # 11-99: accusative
    assert not [m.id for m in catalog if m.fuzzy and m.id]
    assert run(project, "status").exit_code == 0


def test_update_marks_plurals_fuzzy_when_babel_adds_a_form(project: Path) -> None:
    """A catalog with fewer forms than Babel's rule (here Polish started from German) gets
    Babel's header; the old texts stay in place for a translator, who is told to check them."""
    de = po(project, "de").read_text(encoding="utf-8")
    pl = po(project, "pl")
    pl.parent.mkdir(parents=True)
    pl.write_text(de.replace("Language: de", "Language: pl"), encoding="utf-8")
    result = run(project, "update")
    assert result.exit_code == 0, result.output
    assert "pl: plural forms now as Babel (CLDR) writes them" in result.output
    assert "plural messages marked fuzzy: fill the new forms" in result.output
    catalog = i18n.read_catalog(pl, "pl")
    assert catalog.plural_forms == Catalog(locale="pl").plural_forms
    product = catalog.get(("%(num)s product", "%(num)s products"))
    assert product is not None and product.fuzzy
    assert len(product.string) == catalog.num_plurals and all(product.string)
    assert product.string[form_of(catalog, 1)] == "%(num)s Produkt"  # kept for the translator
    text = pl.read_text(encoding="utf-8")
    assert f"msgstr[{catalog.num_plurals - 1}] for" in text  # the header comment follows
    status = run(project, "status")
    assert status.exit_code == 1
    assert 'msgid "%(num)s product": fuzzy: check the translation' in status.output


def test_init_refuses_an_existing_or_unknown_language(project: Path) -> None:
    result = run(project, "init", "de")
    assert result.exit_code == 1
    assert "i18n/de/LC_MESSAGES/messages.po: already exists" in result.output
    result = run(project, "init", "qq")
    assert result.exit_code == 1
    assert '"qq" is not a language Babel knows' in result.output


def test_commands_say_how_to_start_without_messages_pot(project: Path) -> None:
    (project / "i18n/messages.pot").unlink()
    for command in ("update", "status"):
        result = run(project, command)
        assert result.exit_code == 1
        assert "i18n/messages.pot: not found; run: storefront i18n extract" in result.output
