"""The sentence coder on invented sentences and the fixture articles, in five languages.

Each case is a small sentence written for this test (names invented); the anchor date is a
Wednesday, so "Monday" must resolve to 2025-03-10 and "Tuesday" to 2025-03-11.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from communique import read_inputs
from communique.coding import code_text
from communique.events.coder import EventMention
from communique.pipeline import analyse

ANCHOR = "2025-03-12"
ARTICLES = Path(__file__).resolve().parent / "articles"

MEETINGS = {
    "en": "Foreign Minister Anna Berg of Sweden met her Kenyan counterpart Peter Otieno in Nairobi "
    "on Monday.",
    "fr": "La ministre suédoise des Affaires étrangères Anna Berg a rencontré lundi à Nairobi son homologue "
    "kényan Peter Otieno.",
    "es": "La canciller sueca, Anna Berg, se reunió el lunes en Nairobi con su homólogo keniano, "
    "Peter Otieno.",
    "ru": "Министр иностранных дел Швеции Анна Берг в понедельник встретилась в Найроби с кенийским коллегой "
    "Питером Отиено.",
    "zh": "瑞典外交大臣安娜·贝里周一在内罗毕会见了肯尼亚外长彼得·奥蒂埃诺。",
}
NEGATED = {
    "en": "Foreign Minister Anna Berg of Sweden did not meet her Kenyan counterpart Peter Otieno on Monday.",
    "fr": "La ministre suédoise des Affaires étrangères Anna Berg n'a pas rencontré lundi son homologue "
    "kényan Peter Otieno.",
    "es": "La canciller sueca, Anna Berg, no se reunió el lunes con su homólogo keniano, Peter Otieno.",
    "ru": "Министр иностранных дел Швеции Анна Берг в понедельник не встретилась с кенийским коллегой "
    "Питером Отиено.",
    "zh": "瑞典外交大臣安娜·贝里周一没有会见肯尼亚外长彼得·奥蒂埃诺。",
}
MODAL = {
    "en": "Swedish Foreign Minister Anna Berg may visit Kenya next month.",
    "fr": "La ministre suédoise des Affaires étrangères Anna Berg pourrait se rendre au Kenya le mois "
    "prochain.",
    "es": "La canciller sueca, Anna Berg, podría visitar Kenia el próximo mes.",
    "ru": "Министр иностранных дел Швеции Анна Берг может посетить Кению в следующем месяце.",
    "zh": "瑞典外交大臣安娜·贝里可能下月访问肯尼亚。",
}
BOTH_SIDES = {
    "en": "Swedish Foreign Minister Anna Berg met Kenyan President Peter Otieno in Nairobi on Monday. "
    "Both sides agreed to expand trade and investment.",
    "fr": "La ministre suédoise Anna Berg a rencontré le président kényan Peter Otieno lundi à Nairobi. "
    "Les deux parties ont convenu de renforcer leur coopération.",
    "es": "La canciller sueca, Anna Berg, se reunió el lunes con el presidente keniano, Peter Otieno. "
    "Ambas partes acordaron ampliar el comercio.",
    "ru": "Министр иностранных дел Швеции Анна Берг в понедельник встретилась с президентом Кении Питером "
    "Отиено. Стороны договорились расширить торговлю.",
}


def _consult(events: list[EventMention]) -> list[EventMention]:
    return [e for e in events if e.plover == "CONSULT"]


@pytest.mark.parametrize("lang", sorted(MEETINGS))
def test_meeting_with_both_sides_date_and_place(lang: str) -> None:
    [meeting] = _consult(code_text(MEETINGS[lang], lang, ANCHOR))
    assert meeting.cameo == "040"
    assert meeting.date == "2025-03-10"  # "Monday" before a Wednesday anchor
    assert meeting.place == "Nairobi" and meeting.country == "KEN"
    assert sorted(a.country or "" for a in meeting.actors) == ["KEN", "SWE"]
    assert all(a.type == "PERSON" for a in meeting.actors)
    # The Swedish minister is abroad: she is the visitor.
    assert next(a for a in meeting.actors if a.country == "SWE").role == "visitor"


@pytest.mark.parametrize("lang", sorted(NEGATED))
def test_negated_meeting_is_no_event(lang: str) -> None:
    assert _consult(code_text(NEGATED[lang], lang, ANCHOR)) == []


@pytest.mark.parametrize("lang", sorted(MODAL))
def test_possible_visit_is_no_event(lang: str) -> None:
    assert _consult(code_text(MODAL[lang], lang, ANCHOR)) == []


def test_announced_visit_is_an_intent_to_meet() -> None:
    [event] = code_text("Swedish Foreign Minister Anna Berg will visit Kenya next month.", "en", ANCHOR)
    assert (event.plover, event.cameo) == ("AGREE", "036")
    assert [(a.country, a.role) for a in event.actors] == [("SWE", "source"), ("KEN", "target")]
    assert event.date == ANCHOR  # the statement's date, never a guessed future day


def test_reported_speech_codes_the_reported_meeting() -> None:
    text = "The ministry said Swedish Foreign Minister Anna Berg met Kenyan President Peter Otieno on Monday."
    [meeting] = code_text(text, "en", ANCHOR)
    assert {a.name for a in meeting.actors} == {"Anna Berg", "Peter Otieno"}
    assert meeting.date == "2025-03-10"


@pytest.mark.parametrize("lang", sorted(BOTH_SIDES))
def test_act_of_both_sides_is_one_event_each_way(lang: str) -> None:
    events = code_text(BOTH_SIDES[lang], lang, ANCHOR)
    agreements = [e for e in events if e.plover == "AGREE"]
    directions = sorted((e.actors[0].country, e.actors[1].country) for e in agreements)
    assert directions == [("KEN", "SWE"), ("SWE", "KEN")]
    assert all(e.date == "2025-03-10" and e.kind == "statement" for e in agreements)


def test_both_sides_without_a_meeting_is_dropped() -> None:
    assert [e for e in code_text("Both sides agreed to expand trade.", "en", ANCHOR)] == []


HOSTS = {
    "en": "Kenyan President Peter Otieno received Swedish Foreign Minister Anna Berg in Nairobi on Tuesday.",
    "fr": "Le président kényan Peter Otieno a reçu mardi à Nairobi la ministre suédoise des Affaires "
    "étrangères Anna Berg.",
    "es": "El presidente keniano, Peter Otieno, recibió el martes en Nairobi a la canciller sueca, "
    "Anna Berg.",
    "ru": "Президент Кении Питер Отиено во вторник принял в Найроби министра иностранных дел Швеции "
    "Анну Берг.",
}


@pytest.mark.parametrize("lang", sorted(HOSTS))
def test_host_receives_the_visitor(lang: str) -> None:
    [event] = code_text(HOSTS[lang], lang, ANCHOR)
    assert event.cameo == "043" and event.date == "2025-03-11" and event.place == "Nairobi"
    assert [(a.country, a.role) for a in event.actors] == [("KEN", "host"), ("SWE", "visitor")]


def test_received_without_a_person_is_no_visit() -> None:
    assert code_text("The parliament received the draft budget on Tuesday.", "en", ANCHOR) == []


def test_inflected_city_is_read_by_its_lemma() -> None:
    text = (
        "Переговоры прошли в Ханое в понедельник между министром иностранных дел Швеции Анной Берг и "
        "премьер-министром Вьетнама Фам Ваном."
    )
    [event] = code_text(text, "ru", ANCHOR)
    assert (event.place, event.country) == ("Hanoi", "VNM")


@pytest.mark.parametrize("name", ["es_meeting.txt", "fr_meeting.txt", "ru_meeting.txt", "zh_meeting.txt"])
def test_fixture_articles(name: str) -> None:
    [raw] = list(read_inputs([str(ARTICLES / name)]))
    analysed = analyse(raw)  # type: ignore[arg-type]
    events = list(analysed.events)
    sessions = [e for e in events if e.kind == "meeting"]
    visits = [e for e in events if e.plover == "CONSULT" and e.kind != "meeting"]
    assert visits and all(e.date is not None and e.date <= "2023-11-28" for e in events)
    for event in events:  # nobody and nothing is a participant twice or a country-named place
        assert len({a.name for a in event.actors}) == len(event.actors)
    if name == "fr_meeting.txt":  # the French report names no session; its visit has a span
        [visit] = [e for e in events if e.cameo == "042"]
        assert (visit.date, visit.end_date) == ("2023-11-26", "2023-11-27")
        assert [(a.country, a.role) for a in visit.actors] == [("CHN", "visitor"), ("KAZ", "host")]
        return
    [session] = sessions
    assert (session.session_number, session.date, session.place) == (11, "2023-11-27", "Astana")
    assert sorted(a.country or "" for a in session.actors) == ["CHN", "KAZ"]
    assert all(a.type == "PERSON" for a in session.actors)
    # The committee's name ("Cooperation", "合作", "сотрудничеству") codes no event of its own.
    assert not [e for e in events if e.plover in ("COOPERATE", "SUPPORT") and e.text == session.text]
