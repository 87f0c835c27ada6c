"""The model's attribute rules (spaCy's ``attribute_ruler``) applied through a cache of token keys.

spaCy's :class:`~spacy.pipeline.AttributeRuler` runs its Matcher over every token for every rule (179
in ``en_core_web_sm``, nearly all of one token: "a token tagged NNP gets POS PROPN"): measured on 200
English news stories, as long as the tagger and its token vectors together. A one-token rule can only
read the attributes its pattern names (``TAG``, ``LOWER``, ``DEP``, ``IS_SPACE``, ``POS``), so which
one-token rules hold for a token is a function of those attributes: it is computed once per distinct
combination, by spaCy's own Matcher on a one-token Doc that carries them, and cached. Rules of several
tokens still run through a Matcher over the whole Doc. The matches are then applied exactly as the
ruler applies them: by rule number (later rules win), then by position, with spaCy's
``set_token_attrs``. ``tests/test_nlp_attributes.py`` checks the result is the ruler's, token for token.
"""

from __future__ import annotations

from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

__all__ = ["CachedAttributeRuler"]

#: Token attributes a one-token rule may read, as Matcher pattern keys -> Token attribute names.
_READABLE = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space", "POS": "pos_"}


class CachedAttributeRuler:
    """A loaded ``attribute_ruler``'s rules, applied with one Matcher run per distinct token key."""

    def __init__(self, ruler: Any) -> None:
        self.vocab = ruler.vocab
        self.attrs: list[dict[Any, Any]] = list(ruler.attrs)
        self.indices: list[int] = list(ruler.indices)
        self.single = Matcher(self.vocab, validate=False)
        self.multi = Matcher(self.vocab, validate=False)
        keys: set[str] = set()
        for rule, spec in enumerate(ruler.patterns):
            for pattern in spec["patterns"]:
                target = self.single if len(pattern) == 1 else self.multi
                target.add(str(rule), [pattern])
                if len(pattern) == 1:
                    unknown = set(pattern[0]) - set(_READABLE)
                    if unknown:
                        raise ValueError(f"attribute rule {rule} reads {sorted(unknown)}: not cacheable")
                    keys |= set(pattern[0])
        self.keys = tuple(sorted(keys))
        self.cache: dict[tuple[Any, ...], tuple[int, ...]] = {}

    def _rules_for(self, key: tuple[Any, ...]) -> tuple[int, ...]:
        values = dict(zip(self.keys, key, strict=True))
        word = values.get("LOWER") or ("\n" if values.get("IS_SPACE") else "x")
        doc = Doc(self.vocab, words=[word], spaces=[False])
        token = doc[0]
        if values.get("TAG"):
            token.tag_ = values["TAG"]
        if values.get("POS"):
            token.pos_ = values["POS"]
        if values.get("DEP"):
            token.dep_ = values["DEP"]
        found = self.single(doc, allow_missing=True, as_spans=False)
        return tuple(sorted({int(self.vocab.strings[match_id]) for match_id, _, _ in found}))

    def __call__(self, doc: Doc) -> Doc:
        matches: list[tuple[int, int]] = []
        names = [_READABLE[k] for k in self.keys]
        for token in doc:
            key = tuple(getattr(token, name) for name in names)
            rules = self.cache.get(key)
            if rules is None:
                rules = self.cache[key] = self._rules_for(key)
            matches.extend((rule, token.i) for rule in rules)
        # A Matcher without patterns warns at every call (the French model's rules are all of one token).
        for match_id, start, end in (
            self.multi(doc, allow_missing=True, as_spans=False) if len(self.multi) else ()
        ):
            rule = int(self.vocab.strings[match_id])
            matches.append((rule, doc[start:end][self.indices[rule]].i))
        matches.sort()
        for rule, position in matches:
            set_token_attrs(doc[position], self.attrs[rule])
        return doc
