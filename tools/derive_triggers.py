#!/usr/bin/env python3
"""Derive Communiqué's event-coding tables from the shared ontology files.

Writes, under ``src/communique/data/``:

* ``cameo_plover.tsv`` -- every CAMEO code of ``CAMEO2PLOVER-2021.txt`` (openeventdata/PLOVER,
  CC BY-SA 4.0) with its PLOVER category, mode, context and label;
* the *derived* section of ``languages/en/triggers.tsv`` -- selected verbs and verb + object patterns of
  ``cameo_en/CAMEO.2.0.txt`` (openeventdata/petrarch2, MIT), and all of its verbs and patterns in
  ``languages/en/triggers.breadth.tsv`` (the breadth tier);
* the *derived* section of ``languages/es/triggers.tsv`` -- the same from
  ``cameo_es/verbpatterns_es_190128.txt`` (openeventdata/UniversalPetrarch, MIT), and
  ``languages/es/triggers.breadth.tsv``.

The PETRARCH dictionaries hold thousands of verbs and patterns, most of them WordNet synonyms or
one-off TABARI patterns that would code ordinary news wrongly ("train" as intent to cooperate,
"face" as a meeting). The derivation therefore *selects*: ``EN_VERBS``/``ES_VERBS`` name the verbs
kept as bare triggers and ``EN_PATTERNS``/``ES_PATTERNS`` the ``verb * object`` patterns kept, each
as written in the source file. The CAMEO code of every derived line is the one the source gives; a
selection that no longer matches the source is an error, so the tables cannot drift from it
silently. Source words are turned into lemmas (lower case, plural nouns made singular, Spanish
reflexive infinitives without ``-se`` and a few Spanish spellings restored with their accents).

Each trigger table has a hand-written section (``# == hand-written ==`` up to ``# == derived ==``)
that this script keeps as it is; a derived line whose pattern the hand-written section already
lists is left out, so a hand-written line overrides the source. French, Russian and Chinese tables
are hand-written only and not touched here.

Usage (from the repository root)::

    python tools/derive_triggers.py             # rewrite the tables
    python tools/derive_triggers.py --check     # exit 1 if a table would change
    python tools/derive_triggers.py --candidates en   # list what the source offers

The ontology folder defaults to ``../shared/ontology`` next to the repository (``--ontology``).
Only the standard library is used, so the output does not depend on installed models.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "communique" / "data"
DEFAULT_ONTOLOGY = ROOT.parent / "shared" / "ontology"

PLOVER_FILE = "CAMEO2PLOVER-2021.txt"
EN_FILE = "cameo_en/CAMEO.2.0.txt"
ES_FILE = "cameo_es/verbpatterns_es_190128.txt"

HAND_MARK = "# == hand-written =="
DERIVED_MARK = "# == derived =="

MIT_TEXT = """\
Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES
OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE."""

FORMAT_DOC = """\
Format: cameo<TAB>lemma_pattern<TAB>flags, one trigger a line; '#' starts a comment.
  cameo          CAMEO code (2-4 digits) listed in cameo_plover.tsv, which gives its PLOVER category.
  lemma_pattern  lemmas separated by single spaces, lower case, as the language's lemmatiser gives
                 them. A pattern matches when its lemmas occur in this order in one sentence with
                 at most 3 other tokens between consecutive pattern lemmas. When several patterns
                 match the same words, the longest one is meant to win.
  flags          comma-separated, optional:
                   noun        the trigger may be read as a noun ("talks", "visit", "sanctions");
                               without it the pattern is a verb phrase (or an adjective of
                               intent, "ready to"), and a matcher may skip a match whose first
                               lemma is tagged as a noun
                   intent      an expression of intent or readiness (the AGREE 03x family): the
                               event is what the intent is about, coded as intent, not as done
                   passive_ok  often reported in the passive or with a participle ("talks were
                               held", "the agreement signed on Monday", "sanctions imposed on X"):
                               a multi-word pattern also matches with its lemmas in reverse
                               order, and the agent of a passive ("by ...") is the source
A pattern appears once per table (one CAMEO code for it)."""


# ---------------------------------------------------------------------------------------------
# CAMEO -> PLOVER


@dataclass(frozen=True)
class PloverRow:
    cameo: str
    plover: str
    mode: str
    context: str
    label: str


def read_plover_table(path: Path) -> list[PloverRow]:
    """Rows of CAMEO2PLOVER-2021.txt, in file order, one per CAMEO code (first one wins).

    Two-digit rows are the file's section headings ("03: AGREE"); they take the label of their
    x0 code. ``08`` heads two sections (CONCEDE, then RETREAT): the first, which is also the
    category of 080, is kept.
    """
    rows: dict[str, PloverRow] = {}
    sections: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", "~")):
            continue
        head = re.match(r"^(\d{2}):\s*([A-Z]+)\s*$", line)
        if head:
            sections.setdefault(head.group(1), head.group(2))
            continue
        m = re.match(r"^(\d{3,4}):\s*([^#]*?)\s*(?:#\s*(.*))?$", line)
        if not m:
            raise ValueError(f"{path.name}: cannot read {raw!r}")
        fields = [f.strip() for f in m.group(2).split(",")]
        while len(fields) < 3:
            fields.append("")
        plover, mode, context = fields[0], fields[1], fields[2]
        context = ";".join(part.strip() for part in context.split(";") if part.strip())
        label = re.sub(r"\s{2,}\d{2}\.\d{2}\.\d{2}:.*$", "", (m.group(3) or "").strip())
        if m.group(1) not in rows:
            rows[m.group(1)] = PloverRow(m.group(1), plover, mode, context, label)
    out: list[PloverRow] = []
    for code, plover in sections.items():
        base = rows.get(code + "0")
        out.append(PloverRow(code, plover, "", "", base.label if base else ""))
    out.extend(rows.values())
    return sorted(out, key=lambda r: (r.cameo[:2], len(r.cameo) > 2, r.cameo))


def render_plover_table(rows: list[PloverRow]) -> str:
    head = [
        "# CAMEO code -> PLOVER category, mode and context (PLOVER manual draft 0.8, 17 September 2021).",
        "# Derived by tools/derive_triggers.py from CAMEO2PLOVER-2021.txt, openeventdata/PLOVER @5e0c24f,",
        "# licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); this table is shared",
        "# under the same licence. Do not edit by hand: re-run the script.",
        "# Columns: cameo<TAB>plover<TAB>mode<TAB>context<TAB>label (label from the source comment; empty",
        "# mode or context: none given; several contexts are joined with ';').",
        "# Two-digit rows are the source's section headings and carry the label of their x0 code; 08 heads",
        "# both CONCEDE and RETREAT sections in the source and is kept as CONCEDE (the category of 080).",
        "# Note the codes whose category differs from their section: 163 (impose sanctions) is COERCE,",
        "# 084-087 and 0813/0814 are RETREAT, 1712, 175 and 201 are ASSAULT, 191 and 192 are COERCE.",
    ]
    body = ["\t".join((r.cameo, r.plover, r.mode, r.context, r.label)) for r in rows]
    return "\n".join(head + body) + "\n"


# ---------------------------------------------------------------------------------------------
# PETRARCH verb dictionaries


@dataclass
class Block:
    name: str
    code: str
    verbs: list[tuple[str, str]] = field(default_factory=list)  # (verb as written, own code or "")
    patterns: list[tuple[str, str, str]] = field(default_factory=list)  # (pattern, code, comment)


@dataclass
class VerbDictionary:
    synsets: dict[str, list[str]]
    blocks: list[Block]


def _first_code(text: str) -> str:
    """``042:043`` -> ``042`` (the code for the source actor); ``:020`` -> ``""``."""
    return text.split(":")[0].strip()


def read_verb_dictionary(path: Path) -> VerbDictionary:
    synsets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    synset: str | None = None
    block: Block | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.rstrip()
        if line.startswith("&"):
            synset = line.split()[0]
            synsets[synset] = []
            continue
        if synset is not None and line.startswith("+"):
            synsets[synset].append(line[1:].split("#")[0].strip())
            continue
        if line.startswith("---"):
            synset = None
            m = re.match(r"^---\s*([^\[]+?)\s*(?:\[([^\]]*)\]|-|$)", line)
            name = m.group(1).strip(" -") if m else line
            block = Block(name, _first_code(m.group(2) or "---") if m else "---")
            blocks.append(block)
            continue
        if block is None:
            continue
        body = line.split("#", 1)[0].strip()
        comment = line.split("#", 1)[1].strip() if "#" in line else ""
        if not body or body.startswith("~"):
            continue
        if body.startswith("-"):
            m = re.match(r"^-(.*)\[([^\]]*)\]\s*$", body)
            if m:
                block.patterns.append((" ".join(m.group(1).split()), _first_code(m.group(2)), comment))
            continue
        m = re.match(r"^([^\[{]+?)\s*(?:\{[^}]*\})?\s*(?:\[([^\]]*)\])?\s*$", body)
        if m and not m.group(1).startswith("*"):
            block.verbs.append((m.group(1).strip(), _first_code(m.group(2) or "")))
    return VerbDictionary(synsets, blocks)


def _verb_key(verb: str) -> str:
    """Source spelling of a verb without the multi-word marker: ``+MEET_WITH`` -> ``MEET_WITH``."""
    return verb.replace("+", "").strip("_")


def _head_verb(block: Block, comment: str) -> str | None:
    """The verb a pattern was written for: the comment's first word when it is one of the block's
    verbs (or an inflected form of one), else the block's first verb."""
    verbs = [_verb_key(v) for v, _ in block.verbs]
    word = re.split(r"[\s,<]", comment.strip(), maxsplit=1)[0].upper() if comment.strip() else ""
    if word:
        for verb in verbs:
            first, _, rest = verb.partition("_")
            stems = {first, first + "S", first + "ED", first + "D", first + "ING", first[:-1] + "ING"}
            candidate, _, crest = word.partition("_")
            if word == verb or (candidate in stems and crest == rest):
                return verb
    return verbs[0] if verbs else None


@dataclass(frozen=True)
class Candidate:
    key: str  # "HEAD CODE POST" as written in the source, or "VERB@CODE" for a bare verb
    code: str
    head: str
    post: str  # "" for a bare verb


def candidates(vd: VerbDictionary, valid: set[str]) -> list[Candidate]:
    """Bare verbs and ``verb * object`` patterns whose code is a PLOVER-mapped CAMEO code."""
    out: list[Candidate] = []
    for block in vd.blocks:
        for verb, own in block.verbs:
            code = own or block.code
            if code in valid:
                out.append(Candidate(f"{_verb_key(verb)}@{code}", code, _verb_key(verb), ""))
        for pattern, code, comment in block.patterns:
            if code not in valid or not pattern.startswith("*"):
                continue
            post = pattern[1:].strip()
            head = _head_verb(block, comment)
            if head and post and not re.search(r"[$+^%*]", post):
                out.append(Candidate(f"{head} {code} {post}", code, head, post))
    return out


# ---------------------------------------------------------------------------------------------
# Lemmas


# fmt: off
_EN_SINGULAR = {
    "ties": "tie", "arms": "arm", "talks": "talk", "forces": "force", "exercises": "exercise",
    "services": "service", "relations": "relation", "sanctions": "sanction", "troops": "troop",
    "marines": "marine", "reserves": "reserve", "brigades": "brigade", "battalions": "battalion",
    "negotiations": "negotiation", "consultations": "consultation", "elections": "election",
    "reforms": "reform", "views": "view", "hostilities": "hostility", "atrocities": "atrocity",
    "abuses": "abuse", "rights": "right", "measures": "measure", "restrictions": "restriction",
    "peacekeepers": "peacekeeper", "paratroopers": "paratrooper", "concessions": "concession",
    "servicemen": "serviceman", "infantrymen": "infantryman", "diplomats": "diplomat",
    "attacks": "attack", "strikes": "strike", "raids": "raid", "clashes": "clash",
    "prisoners": "prisoner", "hostages": "hostage", "inspectors": "inspector", "observers": "observer",
    "agreements": "agreement", "supplies": "supply", "weapons": "weapon", "missiles": "missile",
    "rallies": "rally", "protests": "protest", "demonstrations": "demonstration", "calls": "call",
    "demands": "demand", "loans": "loan", "funds": "fund", "imports": "import", "exports": "export",
}
# fmt: on


def en_lemma(word: str) -> str:
    w = word.lower().strip("_")
    if w in _EN_SINGULAR:
        return _EN_SINGULAR[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is", "ous")) and len(w) > 3:
        return w[:-1]
    return w


#: Spanish source words written without their accents, or with a typo, and their lemma.
# fmt: off
_ES_SPELLING = {
    "dialogo": "diálogo", "dialogos": "diálogo", "platicas": "plática", "reunion": "reunión",
    "motin": "motín", "aereo": "aéreo", "aerea": "aéreo", "diplomaticas": "diplomático",
    "diplomaticos": "diplomático", "diplomatica": "diplomático", "telefonicas": "telefónico",
    "telefonica": "telefónico", "rehenes": "rehén", "amnistia": "amnistía", "memorandum": "memorando",
    "rubcricar": "rubricar", "crimenes": "crimen", "prestamo": "préstamo", "credito": "crédito",
    "concesiones": "concesión", "sanciones": "sanción", "relaciones": "relación",
}
# fmt: on


def es_lemma(word: str) -> str:
    w = word.lower().strip("_")
    if w in _ES_SPELLING:
        return _ES_SPELLING[w]
    for plain, accented in (("ciones", "ción"), ("siones", "sión"), ("cion", "ción"), ("sion", "sión")):
        if w.endswith(plain) and len(w) > len(plain) + 1:
            return w[: -len(plain)] + accented
    if re.fullmatch(r"\w+(?:ar|er|ir)se", w):
        return w[:-2]
    if re.fullmatch(r"\w{3,}[aeo]s", w):
        return w[:-1]
    return w


# ---------------------------------------------------------------------------------------------
# Selections


# fmt: off
#: English bare verbs kept as triggers ("VERB@CODE" as in the source; the code is checked).
EN_VERBS: dict[str, str] = {
    # AGREE
    "PLEDGE@030": "intent", "PROMISE@030": "intent",
    # CONSULT
    "MEET@040": "", "MEET_WITH@040": "", "CONSULT@040": "", "CONFER@040": "", "DISCUSS@040": "",
    "PHONE@041": "", "TELEPHONE@041": "", "VISIT@042": "", "ATTEND@042": "", "HOST@043": "passive_ok",
    "BROKER@045": "",
    # SUPPORT
    "COOPERATE@050": "", "COLLABORATE@050": "", "COORDINATE@050": "", "PRAISE@051": "", "COMMEND@051": "",
    "WELCOME@051": "", "HAIL@051": "", "LAUD@051": "", "APPLAUD@051": "", "APPRECIATE@051": "",
    "THANK@051": "", "CONGRATULATE@051": "", "ENDORSE@051": "", "APOLOGIZE@055": "", "APOLOGISE@055": "",
    "FORGIVE@056": "",
    # COOPERATE
    "INVEST@061": "", "FINANCE@061": "", "EXTRADITE@063": "",
    # AID
    "DONATE@070": "", "AIRLIFT@073": "", "RESCUE@073": "",
    # CONCEDE
    "CONCEDE@080": "", "CAPITULATE@080": "", "BACK_DOWN@080": "", "GIVE_IN@080": "", "CEDE@080": "",
    # RETREAT
    "RELEASE@084": "passive_ok",
    # ACCUSE
    "INVESTIGATE@090": "", "PROBE@090": "", "INSPECT@090": "", "OPPOSE@110": "", "DISAPPROVE@110": "",
    "CONDEMN@111": "", "DENOUNCE@111": "", "CRITICIZE@111": "", "CRITICISE@111": "", "CENSURE@111": "",
    "REBUKE@111": "", "REPRIMAND@111": "", "DEPLORE@111": "", "ACCUSE@112": "", "BLAME@112": "",
    "COMPLAIN@114": "",
    # REQUEST
    "DEMAND@100": "",
    # THREATEN
    "THREATEN@130": "", "WARN@130": "",
    # PROTEST
    "PROTEST@140": "", "RIOT@145": "",
    # MOBILIZE
    "MOBILIZE@150": "", "MOBILISE@150": "",
    # COERCE
    "BOYCOTT@163": "", "CRACK_DOWN@170": "", "SEIZE@171": "", "CONFISCATE@1711": "",
    "BAN@172": "passive_ok", "PROHIBIT@172": "", "ARREST@173": "", "DETAIN@173": "", "IMPRISON@173": "",
    "JAIL@173": "", "PROSECUTE@173": "", "INDICT@173": "", "DEPORT@174": "", "EXPEL@174": "",
    "BESIEGE@191": "", "INVADE@192": "",
    # ASSAULT
    "KIDNAP@181": "", "ABDUCT@181": "", "TORTURE@1822": "", "ASSASSINATE@186": "", "ATTACK@190": "",
    "BOMB@190": "", "AMBUSH@190": "", "RAID@190": "", "CLASH@190": "", "KILL@190": "", "ASSAULT@190": "",
    "MASSACRE@202": "", "SLAUGHTER@202": "",
}

#: Synset members used when a selected English pattern names a synset.
EN_SYNSETS: dict[str, tuple[str, ...]] = {
    "&TREATY": ("AGREEMENT", "TREATY", "PACT", "ACCORD"),
    "&NEGOTIATION": ("NEGOTIATION", "DIALOGUE"),
    "&CEASEFIRE": ("CEASEFIRE", "TRUCE"),
    "&MILITARY": ("MILITARY",),
    "&PROPOSAL": ("PROPOSAL",),
    "&MEDIATION": ("MEDIATION",),
    "&OPPOSITION": ("OPPOSITION",),
    "&PKO": ("PEACEKEEPERS", "PEACEKEEPING"),
    "&INVESTIGATION": ("INVESTIGATION",),
    "&HOSTAGE": ("HOSTAGES", "PRISONERS"),
    "&WEAPON": ("WEAPONS",),
    "&ASYLUM": ("ASYLUM",),
    "&SECURITY": ("SECURITY",),
    "&DEFENSE": ("DEFENSE",),
    "&FIGHT": ("WAR",),
    "&SOLUTION": ("SOLUTION",),
}

#: English "HEAD CODE OBJECT" patterns kept, as in the source, with their flags.
EN_PATTERNS: dict[str, str] = {
    # AGREE
    "ACCEPT 036 INVITATION": "intent", "ACCEPT 038 &MEDIATION": "intent",
    "AGREE 0356 (TO &CEASEFIRE)": "intent", "OFFER 030 COOPERATION": "intent", "OFFER 030 HELP": "intent",
    "OFFER 030 SUPPORT": "intent", "OFFER 0331 {ECONOMIC AID}": "intent",
    "OFFER 0332 {&MILITARY AID}": "intent", "OFFER 033 ASSISTANCE": "intent",
    "OFFER 035 CONCESSIONS": "intent", "OFFER 0356 &CEASEFIRE": "intent", "OFFER 036 TALKS": "intent",
    "OFFER 039 MEDIATION": "intent", "PLEDGE 030 COOPERATION": "intent", "PLEDGE 0311 INVESTMENT": "intent",
    "PLEDGE 032 SUPPORT": "intent", "PLEDGE 0331 {FINANCIAL SUPPORT}": "intent",
    "PLEDGE 0332 {&MILITARY SUPPORT}": "intent", "PLEDGE 0333 {HUMANITARIAN AID}": "intent",
    "PROMISE 030 COOPERATION": "intent", "PROMISE 030 SUPPORT": "intent",
    "PROMISE 0332 {&MILITARY AID}": "intent", "PROMISE 033 AID": "intent",
    "EXPRESS 030 WILLINGNESS": "intent", "PLAN 036 VISIT": "intent",
    # CONSULT
    "HOLD 040 CONSULTATIONS": "passive_ok", "HOLD 040 SUMMIT": "passive_ok",
    "HOLD 046 MEETING": "passive_ok", "HOLD 046 TALKS": "passive_ok", "RESUME 046 TALKS": "passive_ok",
    "DISCUSS 041 (BY TELEPHONE)": "", "ARRIVE 042 (FOR VISIT)": "", "SEND 042 DELEGATION": "",
    "RECEIVE 043 AMBASSADOR": "", "HOST 043 SUMMIT": "passive_ok", "HOST 043 MEETING": "passive_ok",
    "ATTEND 044 SUMMIT": "", "ATTEND 044 CONFERENCE": "",
    # SUPPORT
    "EXPRESS 051 SOLIDARITY": "", "EXPRESS 051 GRATITUDE": "", "EXPRESS 051 SATISFACTION": "",
    "EXTEND 051 CONGRATULATIONS": "", "RESTORE 050 RELATIONS": "passive_ok", "FORGE 050 TIES": "",
    "EXPAND 050 COOPERATION": "", "IMPROVE 050 RELATIONS": "",
    "UPGRADE 050 {DIPLOMATIC RELATIONS}": "passive_ok",
    "ESTABLISH 054 {DIPLOMATIC RELATIONS}": "passive_ok", "OPEN 054 EMBASSY": "passive_ok",
    "ISSUE 055 APOLOGY": "", "SIGN 057 &TREATY": "passive_ok", "SIGN 057 MEMORANDUM": "passive_ok",
    "SIGN 057 PROTOCOL": "passive_ok", "SIGN 057 DECLARATION": "passive_ok",
    "SIGN 057 {PEACE DEAL}": "passive_ok", "RATIFY 057 &TREATY": "passive_ok",
    # COOPERATE
    "SIGN 061 {TRADE &TREATY}": "passive_ok", "SIGN 062 {&DEFENSE &TREATY}": "passive_ok",
    "RESUME 060 COOPERATION": "", "HOLD 062 {JOINT EXERCISES}": "passive_ok",
    # AID
    "PROVIDE 070 ASSISTANCE": "", "SEND 070 AID": "", "GRANT 071 LOAN": "",
    "PROVIDE 071 {FINANCIAL ASSISTANCE}": "", "PROVIDE 071 {ECONOMIC AID}": "",
    "SEND 073 {HUMANITARIAN AID}": "", "GRANT 073 {HUMANITARIAN AID}": "", "DEPLOY 074 PEACEKEEPERS": "",
    "GRANT 075 &ASYLUM": "",
    # CONCEDE
    "LIFT 081 BAN": "passive_ok", "LIFT 081 RESTRICTION": "passive_ok",
    # RETREAT
    "RELEASE 0841 PRISONERS": "passive_ok", "RELEASE 0841 &HOSTAGE": "passive_ok",
    "LIFT 085 SANCTIONS": "passive_ok", "EASE 085 SANCTIONS": "passive_ok", "DECLARE 0871 &CEASEFIRE": "",
    "ANNOUNCE 0871 &CEASEFIRE": "", "SIGN 0871 &CEASEFIRE": "passive_ok",
    "LIFT 0872 BLOCKADE": "passive_ok", "WITHDRAW 0874 &MILITARY": "passive_ok",
    "LIFT 0813 CURFEW": "passive_ok", "LIFT 0814 STATE (OF EMERGENCY)": "passive_ok",
    # ACCUSE
    "LAUNCH 091 &INVESTIGATION": "", "EXPRESS 110 &OPPOSITION": "", "EXPRESS 110 DISAPPOINTMENT": "",
    "EXPRESS 111 OUTRAGE": "", "EXPRESS 111 CONDEMNATION": "", "EXPRESS 111 DISSATISFACTION": "",
    "ACCUSE 1122 (OF TORTURE)": "", "ACCUSE 1124 (OF GENOCIDE)": "",
    "ACCUSE 1124 (OF {ETHNIC CLEANSING})": "", "LODGE 114 COMPLAINT": "", "FILE 114 COMPLAINT": "",
    # REQUEST
    "DEMAND 1053 RELEASE": "", "DEMAND 1056 WITHDRAWAL": "", "DEMAND 1056 &CEASEFIRE": "",
    "DEMAND 106 TALKS": "", "DEMAND 106 MEETING": "",
    # REJECT
    "REJECT 125 TALKS": "", "REJECT 125 &NEGOTIATION": "", "RULE_OUT 125 TALKS": "",
    "RULE_OUT 126 &MEDIATION": "", "REJECT 127 OFFER": "", "REJECT 127 {PEACE &PROPOSAL}": "",
    "REJECT 120 &PROPOSAL": "",
    # THREATEN
    "ISSUE 130 THREAT": "", "ISSUE 130 WARNING": "", "ISSUE 139 ULTIMATUM": "", "VOW 138 REVENGE": "",
    # PROTEST
    "STAGE 141 PROTEST": "", "STAGE 141 DEMONSTRATION": "", "STAGE 141 RALLY": "",
    "HOLD 141 DEMONSTRATION": "passive_ok", "HOLD 141 RALLY": "passive_ok",
    "HOLD 141 PROTEST": "passive_ok",
    # MOBILIZE
    "CONDUCT 150 {&MILITARY EXERCISES}": "passive_ok", "DEPLOY 153 POLICE": "passive_ok",
    "DEPLOY 154 &MILITARY": "passive_ok",
    # SANCTION
    "FREEZE 160 RELATIONS": "", "CANCEL 160 VISIT": "passive_ok", "CUT 161 {DIPLOMATIC TIES}": "passive_ok",
    "CUT 161 {DIPLOMATIC RELATIONS}": "passive_ok", "BREAK 161 RELATIONS": "", "RECALL 161 AMBASSADOR": "",
    "WITHDRAW 161 AMBASSADOR": "", "EXPEL 161 DIPLOMAT": "passive_ok", "CUT 162 AID": "passive_ok",
    "HALT 162 AID": "passive_ok", "FREEZE 162 AID": "passive_ok", "END 164 TALKS": "",
    "CALL_OFF 160 TALKS": "passive_ok", "CANCEL 164 MEETING": "passive_ok",
    # COERCE
    "IMPOSE 163 SANCTIONS": "passive_ok", "FREEZE 163 ASSET": "passive_ok",
    "IMPOSE 1723 CURFEW": "passive_ok", "IMPOSE 1724 {MARTIAL LAW}": "passive_ok",
    "IMPOSE 1724 STATE (OF EMERGENCY)": "passive_ok",
    # ASSAULT
    "LAUNCH 190 OFFENSIVE": "", "LAUNCH 190 ATTACK": "", "LAUNCH 195 AIRSTRIKE": "",
    "LAUNCH 195 {AIR RAID}": "", "OPEN 193 FIRE": "",
}

#: Spanish bare verbs (and a few nouns) kept as triggers, "WORD@CODE" as in the source.
ES_VERBS: dict[str, str] = {
    # AGREE
    "PROMETER@030": "intent", "COMPROMETER@030": "intent", "JURAR@030": "intent",
    # CONSULT
    "REUNIR@040": "", "ENCUENTRO@040": "noun", "DEBATIR@040": "", "VISITAR@042": "",
    "HACER_UNA_VISITA@042": "", "ASISTIR_A@042": "", "DIALOGAR@046": "", "NEGOCIAR@046": "",
    # SUPPORT
    "COOPERAR@050": "", "COLABORAR@050": "", "ELOGIAR@051": "", "ALABAR@051": "", "APLAUDIR@051": "",
    "FELICITAR@051": "", "AGRADECER@051": "", "RESPALDAR@051": "", "DAR_LA_BIENVENIDA_A@051": "",
    "DISCULPAR@055": "", "PERDONAR@056": "", "FIRMAR@057": "", "SUSCRIBIR@057": "", "RUBCRICAR@057": "",
    # COOPERATE
    "INVERTIR@061": "", "FINANCIAR@061": "",
    # AID
    "DONAR@070": "", "RESCATAR@073": "",
    # CONCEDE
    "CEDER@080": "", "CAPITULAR@080": "", "FLEXIBILIZAR@080": "",
    # RETREAT
    "LIBERAR@084": "passive_ok",
    # ACCUSE
    "INVESTIGAR@090": "", "INSPECCIONAR@090": "", "DESAPROBAR@110": "", "DISCREPAR@110": "",
    "OPONERSE@110": "", "CONDENAR@111": "", "DENUNCIAR@111": "", "CRITICAR@111": "", "CENSURAR@111": "",
    "DEPLORAR@111": "", "REPROCHAR@111": "", "RECRIMINAR@111": "", "ACUSAR@112": "", "CULPAR@112": "",
    "RESPONSABILIZAR@112": "", "INCULPAR@112": "", "QUEJAR@114": "",
    # REQUEST
    "EXIGIR@100": "", "RECLAMAR@100": "", "INSTAR@100": "", "EXHORTAR@100": "", "CONMINAR@100": "",
    # REJECT
    "REHUSAR@120": "", "DENEGAR@120": "",
    # THREATEN
    "AMENAZAR@130": "", "ADVERTIR@130": "",
    # PROTEST
    "PROTESTAR@140": "", "BOICOTEAR@143": "", "DISTURBIO@145": "noun",
    # COERCE
    "BOICOT@163": "noun", "EXPROPIAR@171": "", "NACIONALIZAR@171": "", "INCAUTAR@170": "",
    "PROHIBIR@172": "", "ARRESTAR@173": "", "ENCARCELAR@173": "", "ENJUICIAR@173": "", "DEPORTAR@174": "",
    "DESTERRAR@174": "", "EXILIAR@174": "", "INVADIR@192": "", "OCUPAR@192": "",
    # ASSAULT
    "SECUESTRAR@181": "", "RAPTAR@181": "", "TORTURAR@1822": "", "ASESINAR@186": "", "ATACAR@190": "",
    "BOMBARDEAR@190": "", "ASEDIAR@190": "", "TIROTEAR@193": "", "MASACRAR@202": "", "MASACRE@202": "noun",
    "MATANZA@202": "noun",
}

ES_SYNSETS: dict[str, tuple[str, ...]] = {
    "&TRATADO": ("ACUERDO", "PACTO", "TRATADO"),
    "&NEGOCIACION": ("DIÁLOGO", "NEGOCIACIÓN"),
    "&PROPUESTA": ("PROPUESTA", "OFERTA"),
    "&MEDIACION": ("MEDIACIÓN",),
    "&REHEN": ("REHENES", "PRISIONEROS"),
    "&ARMA": ("ARMAS",),
    "&ASILO": ("ASILO",),
}

#: Spanish "HEAD CODE OBJECT" patterns kept, as in the source (articles are dropped), with flags.
ES_PATTERNS: dict[str, str] = {
    # AGREE
    "OFRECER 030 APOYO": "intent", "OFRECER 030 AYUDA": "intent", "OFRECER 033 ASISTENCIA": "intent",
    "OFRECER 0331 PRESTAMO": "intent", "OFRECER 0331 CREDITO": "intent",
    "OFRECER 035 CONCESIONES": "intent", "OFRECER 035 AMNISTIA": "intent",
    "OFRECER 036 &NEGOCIACION": "intent", "OFRECER 036 PLATICAS": "intent", "INVITAR 036 A_VISITAR": "",
    # CONSULT
    "CELEBRAR 046 &ARTICULO REUNION": "passive_ok", "ENTABLAR 040 &ARTICULO &NEGOCIACION": "passive_ok",
    "MANTENER 041 UNAS CONVERSACIONES TELEFONICAS": "passive_ok",
    # SUPPORT
    "FIRMAR 057 &TRATADO": "passive_ok", "FIRMAR 057 CONVENIO": "passive_ok",
    "FIRMAR 057 PROTOCOLO": "passive_ok", "FIRMAR 057 ALIANZA": "passive_ok",
    "FIRMAR 057 TRATADO DE PAZ": "passive_ok", "SUSCRIBIR 057 &ARTICULO &TRATADO": "passive_ok",
    "SUSCRIBIR 057 &ARTICULO COMPROMISO": "passive_ok",
    # COOPERATE
    "ORGANIZAR 062 EJERCICIO CONJUNTO": "passive_ok",
    # AID
    "ENVIAR 072 &ARMA": "", "CONCEDER 070 AYUDA": "", "CONCEDER 071 PRESTAMO": "",
    "OTORGAR 071 PRESTAMO": "", "OTORGAR 071 &ARTICULO CREDITO": "", "CONCEDER 075 &ASILO": "",
    # CONCEDE
    "LEVANTAR 081 PROHIBICION": "passive_ok", "LEVANTAR 081 RESTRICCION": "passive_ok",
    # RETREAT
    "LIBERAR 0841 &REHEN": "passive_ok", "LEVANTAR 0813 TOQUE DE QUEDA": "passive_ok",
    "LEVANTAR 085 SANCIONES": "passive_ok", "LEVANTAR 085 BOICOT": "passive_ok",
    "LEVANTAR 0872 BLOQUEO": "passive_ok",
    # ACCUSE
    "ACUSAR 1121 CORRUPCION": "", "ACUSAR 1124 CRIMENES_DE_GUERRA": "", "PRESENTAR 114 PROTESTA FORMAL": "",
    "PRESENTAR 114 QUEJA": "", "PRESENTAR 115 DEMANDA JUDICIAL": "",
    # REQUEST
    "PEDIR 106 &NEGOCIACION": "", "PEDIR 104 DIMISION": "",
    # REJECT
    "RECHAZAR 125 &NEGOCIACION": "", "RECHAZAR 125 CONVERSACIONES": "", "RECHAZAR 125 VISITA": "",
    "RECHAZAR 125 REUNION": "", "RECHAZAR 126 &MEDIACION": "", "RECHAZAR 127 INICIATIVA": "",
    "RECHAZAR 120 &PROPUESTA": "", "RECHAZAR 120 PETICION": "", "RECHAZAR 120 PLAN": "",
    "RECHAZAR 120 &TRATADO": "",
    # SANCTION
    "CORTAR 161 LAZOS DIPLOMATICOS": "passive_ok", "CORTAR 161 RELACIONES DIPLOMATICAS": "passive_ok",
    "CORTAR 164 &NEGOCIACION": "", "SUSPENDER 164 &ARTICULO &NEGOCIACION": "passive_ok",
    # COERCE
    "IMPONER 1723 TOQUE DE QUEDA": "passive_ok", "IMPONER 1724 LEY MARCIAL": "passive_ok",
    "IMPONER 1724 ESTADO_DE_EMERGENCIA": "passive_ok",
}
# fmt: on


# ---------------------------------------------------------------------------------------------
# Derivation


_EN_DROP = {"(", ")", "{", "}", "^"}
_ES_ARTICLES = {"&ARTICULO", "EL", "LA", "LOS", "LAS", "UN", "UNA", "UNOS", "UNAS", "SU", "SUS", "CON"}


def _expand(post: str, synsets: dict[str, tuple[str, ...]], drop: set[str]) -> list[list[str]]:
    """The object part of a pattern as word lists, one per synset member.

    A synset standing alone expands to every selected member; inside a braced phrase with other
    words ("{TRADE &TREATY}") only to its first member, which keeps one line per phrase.
    """
    out: list[list[str]] = [[]]
    for group in re.findall(r"\{[^}]*\}|\S+", post):
        braced = group.startswith("{")
        words = [w for w in re.sub(r"[(){}]", " ", group).split() if w not in drop]
        for word in words:
            if word.startswith("&"):
                if word not in synsets:
                    raise KeyError(f"no members selected for synset {word}")
                members = synsets[word][:1] if braced and len(words) > 1 else synsets[word]
                out = [prefix + member.split("_") for prefix in out for member in members]
            else:
                out = [prefix + word.split("_") for prefix in out]
    return out


@dataclass(frozen=True)
class Trigger:
    cameo: str
    pattern: str
    flags: str


def derive(
    vd: VerbDictionary,
    valid: set[str],
    verbs: dict[str, str],
    patterns: dict[str, str],
    synsets: dict[str, tuple[str, ...]],
    lemma: Callable[[str], str],
    drop: set[str],
) -> list[Trigger]:
    """Selected candidates as triggers; a pattern the source codes several ways takes the code it
    gives most often (the first one on a tie)."""
    found: dict[str, Candidate] = {}
    votes: dict[str, Counter[str]] = {}
    order: dict[str, int] = {}
    flags: dict[str, str] = {}

    def add(text: str, code: str, flag: str) -> None:
        votes.setdefault(text, Counter())[code] += 1
        order.setdefault(text, len(order))
        flags.setdefault(text, flag)

    for cand in candidates(vd, valid):
        if cand.key in verbs and not cand.post:
            found[cand.key] = cand
            words = [w for w in cand.head.split("_") if w not in drop]
            add(" ".join(lemma(w) for w in words), cand.code, verbs[cand.key])
        elif cand.key in patterns:
            found[cand.key] = cand
            head = " ".join(lemma(w) for w in cand.head.split("_") if w not in drop)
            for obj in _expand(cand.post, synsets, drop):
                add(" ".join([head, *(lemma(w) for w in obj)]), cand.code, patterns[cand.key])
    missing = sorted((set(verbs) | set(patterns)) - set(found))
    if missing:
        raise SystemExit("selected but not found in the source: " + "; ".join(missing))
    out: list[Trigger] = []
    for text in sorted(votes, key=order.__getitem__):
        ranked = votes[text].most_common()
        best = max(ranked, key=lambda kv: kv[1])[1]
        code = next(c for c, n in ranked if n == best)
        out.append(Trigger(code, text, flags[text]))
    return out


# ---------------------------------------------------------------------------------------------
# Trigger files


LICENCE_EN = f"""\
Source of the derived section: CAMEO.2.0.txt, CAMEO verb pattern dictionary for PETRARCH,
openeventdata/petrarch2 @676801c. Its licence:

The MIT License (MIT)

Copyright (c) 2015 Open Event Data Alliance

{MIT_TEXT}

The hand-written section is part of Communiqué (MIT)."""

LICENCE_ES = f"""\
Source of the derived section: verbpatterns_es_190128.txt, Spanish verb patterns for
UniversalPetrarch, openeventdata/UniversalPetrarch @067552d. The file carries no notice of its
own; the repository's licence:

MIT License

Copyright (c) 2016 Open Event Data Alliance

{MIT_TEXT}

The hand-written section is part of Communiqué (MIT)."""


def render_triggers(title: str, licence: str, hand: str, derived: list[Trigger], source: str) -> str:
    def comment(text: str) -> list[str]:
        return [("# " + line).rstrip() for line in text.splitlines()]

    lines = [*comment(title), "#", *comment(FORMAT_DOC), "#", *comment(licence), "", HAND_MARK]
    lines.extend(hand.strip("\n").splitlines())
    generated = f"# Generated by tools/derive_triggers.py from {source}: do not edit by hand."
    lines += ["", DERIVED_MARK, generated]
    for t in sorted(derived, key=lambda t: (t.cameo, t.pattern)):
        lines.append("\t".join((t.cameo, t.pattern, t.flags)).rstrip("\t"))
    return "\n".join(lines) + "\n"


def hand_section(path: Path) -> str:
    """The hand-written lines of an existing table (empty when there is none)."""
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    if HAND_MARK not in text:
        return ""
    body = text.split(HAND_MARK, 1)[1]
    return body.split(DERIVED_MARK, 1)[0]


def hand_patterns(hand: str) -> set[str]:
    out = set()
    for line in hand.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            parts = line.split("\t")
            if len(parts) >= 2:
                out.add(parts[1].strip())
    return out


#: A synset longer than this is cut in the breadth tier: its tail is rare words (currencies, ranks).
_BREADTH_SYNSET_MAX = 12

BREADTH_DOC = """\
The breadth tier: every verb and ``verb * object`` pattern of the source whose CAMEO code has a
PLOVER category, less the patterns of the main table. The coder reads it only for a sentence in
which the main table finds no trigger, and only where the first word is tagged as a verb (when the
language's backend tags parts of speech), so it adds recall without changing what the main table
codes. Format as in the main table; no flags."""


def breadth(
    vd: VerbDictionary, valid: set[str], lemma: Callable[[str], str], drop: set[str], taken: set[str]
) -> list[Trigger]:
    """Every candidate of the source as a trigger (the code the source gives most often per pattern)."""
    synsets = {
        name: tuple(m for m in members if m)[:_BREADTH_SYNSET_MAX] for name, members in vd.synsets.items()
    }
    votes: dict[str, Counter[str]] = {}
    order: dict[str, int] = {}
    for cand in candidates(vd, valid):
        head = [lemma(w) for w in cand.head.split("_") if w and w not in drop]
        if not head:
            continue
        try:
            objects = _expand(cand.post, synsets, drop) if cand.post else [[]]
        except KeyError:
            continue  # a synset the source uses but does not define
        for obj in objects:
            words = [*head, *(lemma(w) for w in obj if w)]
            text = " ".join(w for w in words if w and re.fullmatch(r"[\w'-]+", w))
            if not text or text in taken:
                continue
            votes.setdefault(text, Counter())[cand.code] += 1
            order.setdefault(text, len(order))
    out = []
    for text in sorted(votes, key=order.__getitem__):
        ranked = votes[text].most_common()
        best = ranked[0][1]
        code = next(c for c, n in ranked if n == best)
        # CAMEO codes a bare transfer verb as material cooperation (060); PLOVER tells COOPERATE
        # (both sides gain) from AID (the recipient gains): a one-way transfer is aid.
        if code == _COOPERATE and text in _TRANSFER_VERBS:
            code = _AID
        out.append(Trigger(code, text, ""))
    return out


_COOPERATE, _AID = "060", "070"
#: Verbs of handing something over, one way (lemmas of the sources' bare verbs, English and Spanish).
_TRANSFER_VERBS = frozenset(
    {"give", "provide", "supply", "deliver", "donate", "hand"}
    | {"dar", "proporcionar", "proveer", "suministrar", "entregar", "donar"}
)


def render_breadth(title: str, licence: str, triggers: list[Trigger], source: str) -> str:
    head = [title, "", *BREADTH_DOC.splitlines(), "", *licence.splitlines()]
    lines = [("# " + line).rstrip() for line in head]
    lines.append(f"# Generated by tools/derive_triggers.py from {source}: do not edit by hand.")
    for t in sorted(triggers, key=lambda t: (t.cameo, t.pattern)):
        lines.append(f"{t.cameo}\t{t.pattern}")
    return "\n".join(lines) + "\n"


def build(ontology: Path) -> dict[Path, str]:
    rows = read_plover_table(ontology / PLOVER_FILE)
    valid = {r.cameo for r in rows if len(r.cameo) > 2}
    outputs = {DATA / "cameo_plover.tsv": render_plover_table(rows)}
    for lang, src, verbs, patterns, synsets, lemma, drop, title, licence in (
        (
            "en",
            EN_FILE,
            EN_VERBS,
            EN_PATTERNS,
            EN_SYNSETS,
            en_lemma,
            _EN_DROP,
            "Communiqué event triggers for English.",
            LICENCE_EN,
        ),
        (
            "es",
            ES_FILE,
            ES_VERBS,
            ES_PATTERNS,
            ES_SYNSETS,
            es_lemma,
            _EN_DROP | _ES_ARTICLES,
            "Communiqué event triggers for Spanish.",
            LICENCE_ES,
        ),
    ):
        path = DATA / "languages" / lang / "triggers.tsv"
        hand = hand_section(path)
        vd = read_verb_dictionary(ontology / src)
        taken = hand_patterns(hand)
        derived = [
            t for t in derive(vd, valid, verbs, patterns, synsets, lemma, drop) if t.pattern not in taken
        ]
        outputs[path] = render_triggers(title, licence, hand, derived, Path(src).name)
        main_table = taken | {t.pattern for t in derived}
        outputs[DATA / "languages" / lang / "triggers.breadth.tsv"] = render_breadth(
            title.replace("event triggers", "breadth-tier event triggers"),
            licence.replace("the derived section", "this table").split("\n\nThe hand-written")[0],
            breadth(vd, valid, lemma, drop, main_table),
            Path(src).name,
        )
    return outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ontology", type=Path, default=DEFAULT_ONTOLOGY, help="shared ontology folder")
    parser.add_argument("--check", action="store_true", help="only report tables that would change")
    parser.add_argument("--candidates", choices=("en", "es"), help="list the source's candidates")
    args = parser.parse_args(argv)
    if not (args.ontology / PLOVER_FILE).is_file():
        print(f"ontology files not found in {args.ontology}", file=sys.stderr)
        return 2
    if args.candidates:
        valid = {r.cameo for r in read_plover_table(args.ontology / PLOVER_FILE) if len(r.cameo) > 2}
        vd = read_verb_dictionary(args.ontology / (EN_FILE if args.candidates == "en" else ES_FILE))
        for cand in candidates(vd, valid):
            print(cand.key)
        return 0
    changed = []
    for path, text in build(args.ontology).items():
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            changed.append(path)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    for path in changed:
        print(("would change: " if args.check else "wrote: ") + str(path.relative_to(ROOT)))
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
