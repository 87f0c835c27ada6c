"""The Spanish rules backend on invented reports of bilateral meetings (all names are made up)."""

from __future__ import annotations

import itertools

import pytest

from communique.nlp.base import Annotation, Mention
from communique.nlp.spanish import SpanishBackend, split_sentences

TEXT = (
    "El canciller chileno, Pedro Alvarado, se reunió el lunes en Brasilia con su homólogo brasileño, "
    "Marcos Teixeira. "
    "La III Comisión Mixta Chile-Brasil sesionó en la sede del Ministerio de Relaciones Exteriores. "
    "Alvarado dijo que el Gobierno chileno respalda la iniciativa.\n"
    "El Sr. Juan Pérez llegó a EE.UU. El martes viajó a Santiago. "
    "Lucía Fernández, viceministra de Relaciones Exteriores de Perú, asistió a la reunión. "
    "El presidente de Indonesia, Budi Santoso, y el primer ministro de Malasia, Ahmad Rahman, "
    "firmaron un acuerdo en Yakarta. "
    "La ministra canadiense de Asuntos Exteriores, Ana Ruiz, viajará a Pekín. "
    "Según la ONU y el Banco Interamericano de Desarrollo (BID), América Latina crecerá un 2,5 %. "
    "Durante la visita, la delegación recorrió La Habana. "
    "Carlos Méndez Ruiz participó como observador durante la Semana Santa."
)


@pytest.fixture(scope="module")
def annotation() -> Annotation:
    return SpanishBackend().annotate(TEXT)


def _find(annotation: Annotation, text: str, sentence: int | None = None) -> Mention:
    found = [
        m for m in annotation.mentions if m.text == text and (sentence is None or m.sentence == sentence)
    ]
    assert found, f"no mention {text!r} in {[m.text for m in annotation.mentions]}"
    return found[0]


def _texts(annotation: Annotation, kind: str | None = None, sentence: int | None = None) -> list[str]:
    return [
        m.text
        for m in annotation.mentions
        if (kind is None or m.type == kind) and (sentence is None or m.sentence == sentence)
    ]


def test_backend_name_and_language(annotation: Annotation) -> None:
    assert SpanishBackend.name == "rules-es"
    assert annotation.language == "es"


def test_sentences_do_not_split_on_abbreviations(annotation: Annotation) -> None:
    sentences = [TEXT[s.start : s.end] for s in annotation.sentences]
    assert len(sentences) == 11
    assert sentences[3] == "El Sr. Juan Pérez llegó a EE.UU."  # not after "Sr.", but after "EE.UU." + "El"
    assert sentences[4] == "El martes viajó a Santiago."
    assert sentences[8].endswith("crecerá un 2,5 %.")
    other = "Lo dijo John F. Kennedy. Luego se fue."
    assert [other[s.start : s.end] for s in split_sentences(other)] == [
        "Lo dijo John F. Kennedy.",
        "Luego se fue.",
    ]
    assert split_sentences("") == ()


def test_offsets_and_sentence_indexes(annotation: Annotation) -> None:
    assert annotation.mentions
    for mention in annotation.mentions:
        assert TEXT[mention.start : mention.end] == mention.text
        sentence = annotation.sentences[mention.sentence]
        assert sentence.start <= mention.start < mention.end <= sentence.end
    spans = [(m.start, m.end) for m in annotation.mentions]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), "mentions overlap"


def test_title_and_demonym_before_a_name(annotation: Annotation) -> None:
    alvarado = _find(annotation, "Pedro Alvarado")
    assert (alvarado.type, alvarado.title, alvarado.country, alvarado.sentence) == (
        "PERSON",
        "Foreign Minister",
        "CHL",
        0,
    )
    assert alvarado.surface == "canciller chileno, Pedro Alvarado"
    counterpart = _find(annotation, "Marcos Teixeira")
    assert (counterpart.type, counterpart.title, counterpart.country) == ("PERSON", None, "BRA")


def test_title_read_across_a_demonym(annotation: Annotation) -> None:
    ruiz = _find(annotation, "Ana Ruiz")
    assert (ruiz.title, ruiz.country, ruiz.sentence) == ("Foreign Minister", "CAN", 7)
    assert "Asuntos Exteriores" not in _texts(annotation)
    assert _find(annotation, "Pekín").country == "CHN"


def test_title_with_de_country(annotation: Annotation) -> None:
    santoso = _find(annotation, "Budi Santoso")
    assert (santoso.title, santoso.country) == ("President", "IDN")
    rahman = _find(annotation, "Ahmad Rahman")
    assert (rahman.title, rahman.country) == ("Prime Minister", "MYS")
    # The countries are the persons' affiliation, read into the title phrase.
    assert "Indonesia" not in _texts(annotation, "PLACE") and "Malasia" not in _texts(annotation, "PLACE")
    assert _find(annotation, "Yakarta").country == "IDN"


def test_apposition_after_the_name(annotation: Annotation) -> None:
    fernandez = _find(annotation, "Lucía Fernández")
    assert (fernandez.type, fernandez.title, fernandez.country) == (
        "PERSON",
        "Deputy Foreign Minister",
        "PER",
    )
    assert fernandez.surface == "Lucía Fernández, viceministra de Relaciones Exteriores de Perú"


def test_surname_alone_is_the_person_named_before(annotation: Annotation) -> None:
    alvarado = _find(annotation, "Alvarado", 2)
    assert (alvarado.type, alvarado.country, alvarado.title) == ("PERSON", "CHL", None)


def test_organisations(annotation: Annotation) -> None:
    committee = _find(annotation, "Comisión Mixta Chile-Brasil")  # the session number "III" left out
    assert (committee.type, committee.country) == ("ORG", None)
    assert _find(annotation, "Ministerio de Relaciones Exteriores").type == "ORG"
    government = _find(annotation, "Gobierno", 2)
    assert (government.type, government.country) == ("ORG", "CHL")
    assert _find(annotation, "ONU").type == "ORG"
    assert _find(annotation, "Banco Interamericano de Desarrollo").type == "ORG"
    assert _find(annotation, "BID").type == "ORG"


def test_places(annotation: Annotation) -> None:
    assert (_find(annotation, "Brasilia").type, _find(annotation, "Brasilia").country) == ("PLACE", "BRA")
    assert _find(annotation, "EE.UU.").country == "USA"
    assert _find(annotation, "Santiago").country == "CHL"
    assert _find(annotation, "América Latina").type == "PLACE"
    havana = _find(annotation, "La Habana")  # the article belongs to the name
    assert (havana.type, havana.country) == ("PLACE", "CUB")


def test_honorific_and_untitled_persons(annotation: Annotation) -> None:
    perez = _find(annotation, "Juan Pérez")
    assert (perez.type, perez.title) == ("PERSON", None)
    mendez = _find(annotation, "Carlos Méndez Ruiz")
    assert (mendez.type, mendez.sentence) == ("PERSON", 10)


def test_sentence_initial_capitals_and_common_words_are_not_names(annotation: Annotation) -> None:
    texts = _texts(annotation)
    for word in ("El", "La", "Según", "Durante", "Sr.", "Semana Santa", "III"):
        assert word not in texts


def test_pure_and_repeatable(annotation: Annotation) -> None:
    assert SpanishBackend().annotate(TEXT) == annotation
    empty = SpanishBackend().annotate("")
    assert empty.sentences == () and empty.mentions == ()
