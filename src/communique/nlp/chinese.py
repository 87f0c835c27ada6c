"""Chinese backend: jieba segmentation and part-of-speech tags, then rules for names.

jieba knows words, not news names. On foreign-relations copy it splits transliterated
names ("热克舍诺夫" -> 热克舍/n 诺夫/nrt), tags countries and capitals as transliterated persons
(nrt), tags common verbs as names (祝贺/nr) and leaves ministries it does not know in
pieces (生态环境/l 部/n). The rules below lean on what Chinese copy reliably does instead:

* a person's first mention follows the office, with the country in front of it
  ("哈萨克斯坦第一副总理" + name, "国务院副总理" + name): the title lexicon
  (``data/languages/zh/titles.tsv``) anchors the name, which is a Chinese name (a common surname +
  one or two characters) or a transliteration (characters from the transliteration
  table, parts joined by "·");
* later mentions repeat the full name or the last part of a transliterated name;
* organisations end in a small set of head nouns (委员会, 部, 组织, 论坛, 党 ...);
* places are jieba's ``ns`` words, countries (:mod:`communique.countries`) and gazetteer cities.

Everything here is general data (titles, surnames, transliteration characters); no name
of any particular person or body is listed.
"""

from __future__ import annotations

import bisect
import logging
import re
import unicodedata
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from .. import countries
from ..places import lookup_place
from .base import Annotation, EntityType, Mention, Sentence, trimmed_sentence
from .titles import title_lexicon

__all__ = ["ChineseBackend", "romanize", "romanize_key", "split_sentences"]

LANG = "zh"

# -- general lexicons ---------------------------------------------------------------------------

#: The most common Chinese surnames (about 200, covering ~90% of the population), most common first.
#: The first hundred validate names jieba proposes on its own; all of them shape names after a title.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌"
    "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦"
    "麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
    "明佘池查麻苑迟邝"
)
_COMMON_SURNAMES = frozenset(_SURNAMES[:100])
_ALL_SURNAMES = frozenset(_SURNAMES)
_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 令狐 慕容 司徒 夏侯 尉迟 "
    "公孙 长孙 宇文 轩辕 端木 独孤 南宫 西门 万俟 澹台 呼延".split()
)
#: Surnames whose name reading differs from the everyday one pypinyin gives (曾 zeng, not ceng).
_SURNAME_READINGS = dict(
    pair.split(":")
    for pair in (
        "曾:zeng 单:shan 解:xie 仇:qiu 查:zha 区:ou 乐:yue 朴:piao 覃:qin 盖:ge 缪:miao 翟:zhai "
        "重:chong 种:chong 秘:bi 员:yun 召:shao 黑:he 葛:ge 任:ren 华:hua 纪:ji 宁:ning 燕:yan "
        "柏:bai 薄:bo 应:ying 尉迟:yu-chi 万俟:mo-qi 长孙:zhang-sun 澹台:tan-tai 单于:chan-yu"
    ).split()
)
#: Characters of the standard transliteration table for foreign names (news-agency usage), without
#: the few that are mostly function words in running text (于, 在, 和, 同, 第 ...).
_TRANSLIT = frozenset(
    "阿埃艾爱安昂敖奥巴拜班邦包保鲍贝倍本比彼毕宾滨冰波伯勃博布卜采查察柴昌彻楚茨措达戴丹道德登邓迪蒂丁东杜敦"
    "多厄恩尔法凡范菲费芬丰冯佛弗伏福富盖甘冈高戈哥格根贡古瓜圭郭果哈海汉罕豪赫黑亨洪侯胡华怀惠霍基吉加迦贾杰"
    "捷金津卡凯坎康考柯科克肯孔库夸奎昆拉腊莱赖兰朗劳勒雷蕾里利莉丽列林琳隆卢鲁路伦罗洛吕玛马迈麦曼芒毛梅门"
    "蒙孟米密敏缪莫默牟穆姆纳娜奈南瑙内尼涅宁纽努诺欧帕潘庞培佩彭皮珀普齐奇恰乔钦琴丘屈萨塞赛桑瑟森沙莎善绍"
    "舍申什施史舒斯松宋苏索塔泰坦汤唐特滕廷图托娃瓦万旺威韦维温沃乌伍武西希锡夏谢辛欣休许雅亚扬尧耶叶伊因英"
    "尤约泽扎詹朱兹佐若赞策蔡尚瑞丝黛茜嘉妮娅萝别岑季柳卓焦佳迭笛夫京龙琼秋噶"
)
#: Characters that end a name when they stand alone: prepositions, conjunctions, particles.
_NAME_STOP = frozenset("在与和同及等对向于为是了的说将也已就并到率今昨称从被把让给跟由经")
_DOTS = "·‧・•･"
_HAN = re.compile(r"[\u3400-\u9fff]")
#: Heads that end an organisation's name, longest first. Single-character heads (部, 院, 局, 党)
#: only count after other words: alone they are common nouns.
_ORG_HEADS = tuple(
    "中央委员会 合作委员会 委员会 理事会 常委会 联合会 基金会 办公室 通讯社 秘书处 研究院 "
    "研究所 大使馆 领事馆 组织 论坛 银行 基金 协会 联盟 公司 集团 大学 议会 政府 总局 "
    "部 院 局 署 党".split()
)
#: Words ending in an organisation head that are common nouns ("内部", "格局", "当局").
_NOT_ORG = frozenset(
    "内部 全部 外部 干部 局部 东部 西部 南部 北部 中部 总部 底部 顶部 一部 这部 "
    "那部 本部 各部 俱乐部 腹部 头部 背部 格局 大局 结局 布局 当局 全局 时局 政局 "
    "开局 僵局 残局 饭局 骗局 书局 医院 剧院 庭院 寺院 学院 政党 执政党 反对党 两党 "
    "该党 本党 各党 各国政府 两国政府 国际化 国家机关 党组织 中南部 交易所 国 两国 "
    "各国 双方 我国 本国 该国 其 部署 签署".split()
)
#: A given name that is this common as a word (水平, 和平, 文明) makes a jieba "name" doubtful.
_COMMON_WORD = 1000
#: Three-character dictionary words jieba tags as names that are common nouns.
_NOT_NAMES = frozenset("白皮书 黄金周 古建筑 汉白玉 老太太 贡献者 皇太后 青少年 明永乐 李太后 石破天".split())
#: Words jieba tags as places that name no place ("两国": the two countries; "西方": the West).
_NOT_PLACES = frozenset(
    "两国 各国 本国 我国 该国 他国 外国 全国 国内 国外 海外 中外 东西方 西方 东方 南北 双边".split()
)
#: Tags of words an organisation's name is made of (nouns, place and proper names, verbal nouns).
_ORG_PART_FLAGS = frozenset("n nt ns nz nr nrt nrfg vn j l an ng nl b".split())
_PROPER_FLAGS = frozenset("nt ns nz nr nrt nrfg j".split())
#: Names of buildings and venues jieba tags as organisations (人民大会堂/nt): they are places.
_VENUE_HEADS = tuple("大会堂 国宾馆 宾馆 饭店 酒店 广场 机场 总统府 大厦 会议中心 宫".split())
#: A title right before one of these characters is part of another word (大使馆, 总统府, 部长级).
_NOT_TITLE_AFTER = frozenset("馆府级台团处职候令办们")
#: Titles whose office exists only in China's party-state: their holder is Chinese when no
#: country word is written (Chinese copy names foreign officials with their country, Chinese
#: ones often without it: "国务院副总理" + name).
_CHINESE_OFFICES = tuple("中共 中央 国务院 全国人大 全国政协 国家主席 国家副主席 中联部 中国".split())
#: Single-character tags that cannot be part of a name's given characters.
_NOT_GIVEN_FLAGS = frozenset("v p c d u uj ul uz ug uv ud m x r f q y e o w".split())

_DOTTED_HEAD = re.compile(rf"(?:[\u3400-\u9fff]{{1,10}}[{_DOTS}])+")
_SENTENCE_END = re.compile(r"[。！？；!?]+[”’」』）)\"']*|\n+")


# -- data shapes ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    flag: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Title:
    start: int
    end: int
    canonical: str
    #: Start of the title phrase: the first title of a chain ("中共中央政治局常委、国务院副总理")
    #: or the country word before it.
    phrase_start: int
    country: str | None
    #: True when another title follows directly: only the last title of a chain takes a name.
    chained: bool


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    type: EntityType
    sentence: int
    title: str | None = None
    country: str | None = None
    #: Where the phrase with the title words starts and ends, when it is longer than the name.
    surface: tuple[int, int] | None = None


# -- jieba ------------------------------------------------------------------------------------


@cache
def _tagger() -> Any:
    """jieba's part-of-speech tokenizer, loaded once per process.

    jieba ships its dictionary inside the package and never downloads; on first use it builds a
    prefix dictionary and caches it in the system temp dir (``jieba.cache``), which takes about
    a second once and ~0.5 s per process afterwards. Its import warns about ``pkg_resources``
    and its logger prints the build steps to stderr: both are noise for our users.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*pkg_resources.*")
        import jieba  # type: ignore[import-untyped]
        import jieba.posseg  # type: ignore[import-untyped]
    jieba.setLogLevel(logging.WARNING)
    tagger = jieba.posseg.dt
    tagger.tokenizer.initialize()
    return tagger


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    """Words of ``text[start:end]`` with their tags and offsets into ``text``."""
    tokens: list[_Token] = []
    pos = start
    for pair in _tagger().cut(text[start:end]):
        word, flag = str(pair.word), str(pair.flag)
        found = text.find(word, pos, end)
        if not word or found < 0:  # jieba keeps every character; this only guards offsets
            continue
        tokens.append(_Token(word, flag, found, found + len(word)))
        pos = found + len(word)
    return tokens


# -- sentences --------------------------------------------------------------------------------


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences ending in 。！？； (closing quotes stay with their sentence) or at a line break."""
    sentences: list[Sentence] = []

    def add(start: int, end: int) -> None:
        if (sentence := trimmed_sentence(text, start, end)) is not None:
            sentences.append(sentence)

    pos = 0
    for match in _SENTENCE_END.finditer(text):
        add(pos, match.start() if match.group(0).startswith("\n") else match.end())
        pos = match.end()
    add(pos, len(text))
    return tuple(sentences)


# -- lexicon helpers --------------------------------------------------------------------------


@cache
def _title_pattern() -> re.Pattern[str]:
    variants = [variant for variant, _ in title_lexicon(LANG)]
    # The lexicon is sorted longest first, so at each position the longest title wins.
    return re.compile("|".join(re.escape(v) for v in variants) if variants else "(?!)")


@cache
def _canonical(variant: str) -> str:
    return next((c for v, c in title_lexicon(LANG) if v == variant), variant)


@lru_cache(maxsize=1 << 16)  # bounded: it sees every capitalised word / token of a corpus
def _country(word: str) -> str | None:
    """ISO alpha-3 for a country name or side ("中国", "哈萨克斯坦", "哈方"), else None."""
    if len(word) < 2 or not _HAN.match(word):
        return None
    code = countries.country_code(word, LANG)
    if code is None and len(word) == 2 and word[1] == "方":
        # "中方", "哈方": the side of a country named by its one-character abbreviation.
        code = countries.country_abbreviation_zh(word[0])
    return code


def _is_pair(word: str) -> bool:
    """Whether ``word`` is two country abbreviations ("中哈", "中美"): a relationship, not a place."""
    return (
        len(word) == 2
        and countries.country_abbreviation_zh(word[0]) is not None
        and countries.country_abbreviation_zh(word[1]) is not None
    )


def _leading_country(word: str) -> str | None:
    """The country a name starts with ("中国外交部" -> CHN), if exactly that."""
    for size in range(min(len(word) - 1, 8), 1, -1):
        code = _country(word[:size])
        if code:
            return code
    return None


def _surname_length(name: str) -> int:
    """1 or 2 if ``name`` starts with a Chinese surname (compound surnames first), else 0."""
    if name[:2] in _COMPOUND_SURNAMES:
        return 2
    return 1 if name[:1] in _ALL_SURNAMES else 0


def _dictionary_frequency(word: str) -> int:
    """How often jieba's dictionary counts ``word`` (0 when it is not a dictionary word)."""
    return int(_tagger().tokenizer.FREQ.get(word) or 0)


def _in_dictionary(word: str) -> bool:
    # jieba's FREQ also holds every prefix of a dictionary word, with count 0.
    return _dictionary_frequency(word) > 0


def _is_name_flag(flag: str) -> bool:
    """jieba's tags for names: persons (nr, nrt, nrfg), places (ns), other proper nouns (nz)."""
    return flag.startswith("nr") or flag in {"ns", "nz"}


def _is_han(char: str) -> bool:
    return bool(_HAN.match(char))


def _joinable(word: _Token) -> bool:
    """A common noun or verbal noun that "和" may join inside a name (not a name or a body)."""
    return word.flag in {"vn", "n", "l", "an"} and not word.text.endswith(_ORG_HEADS)


def _walk_back(words: Sequence[_Token], index: int, limit: int, taken: Callable[[_Token], bool]) -> int:
    """Index of the first word of the noun phrase that ends with ``words[index]``.

    The phrase is made of nouns, proper names and verbal nouns; "和" joins two common nouns
    inside a name ("国家发展和改革委员会") but two names elsewhere ("外交部和商务部").
    """
    first = index
    while first > 0 and index - first < limit:
        previous = words[first - 1]
        if taken(previous):
            break
        if previous.flag in _ORG_PART_FLAGS and previous.text not in _NOT_ORG:
            first -= 1
            continue
        if previous.text == "和" and first >= 2 and _joinable(words[first - 2]) and _joinable(words[first]):
            first -= 1
            continue
        break
    return first


# -- the backend ------------------------------------------------------------------------------


class ChineseBackend:
    """jieba words and tags, plus rules for titles, names, organisations and places."""

    name = "jieba"

    def annotate(self, text: str) -> Annotation:
        """Sentences and mentions of ``text``; offsets are into ``text`` itself."""
        sentences = split_sentences(text)
        starts = [s.start for s in sentences]
        tokens = [_tokens(text, s.start, s.end) for s in sentences]
        accepted: list[_Candidate] = []
        # Characters already in a mention, and in a title phrase (no organisation or place there):
        # candidates come in order of trust, and the first to claim a character keeps it.
        taken = bytearray(len(text))
        blocked = bytearray(len(text))

        def accept(candidate: _Candidate | None, respect_titles: bool = False) -> bool:
            if candidate is None or candidate.end <= candidate.start:
                return False
            span = slice(candidate.start, candidate.end)
            if any(taken[span]) or (respect_titles and any(blocked[span])):
                return False
            taken[span] = b"\x01" * (candidate.end - candidate.start)
            accepted.append(candidate)
            return True

        # 1. Titles and the names that follow them.
        known_names: set[str] = set()
        titles_by_sentence: list[list[_Title]] = []
        for index, sentence in enumerate(sentences):
            titles = self._titles(text, sentence, tokens[index])
            titles_by_sentence.append(titles)
            for title in titles:
                blocked[title.phrase_start : title.end] = b"\x01" * (title.end - title.phrase_start)
            by_start = {t.start: t for t in tokens[index]}
            for title in titles:
                if title.chained or self._name_ends_at(title.phrase_start, tokens[index], known_names):
                    continue  # "王明副总理祝贺...": the title belongs to the name before it
                span = self._name_after(text, title.end, sentence.end, tokens[index], by_start, title.country)
                if span is not None and accept(
                    _Candidate(
                        span[0],
                        span[1],
                        "PERSON",
                        index,
                        title.canonical,
                        title.country,
                        (title.phrase_start, span[1]),
                    )
                ):
                    known_names.add(text[span[0] : span[1]])

        # 2. Later mentions of the persons named in full: the full name, or the last part of a
        # transliterated one ("阿斯卡尔·别科夫" ... "别科夫表示").
        known: dict[str, str | None] = {}
        for person in [c for c in accepted if c.type == "PERSON"]:
            name = text[person.start : person.end]
            known.setdefault(name, person.country)
            parts = re.split(f"[{_DOTS}]", name)
            if len(parts) > 1 and len(parts[-1]) >= 2:
                known.setdefault(parts[-1], person.country)
        if known:
            pattern = re.compile("|".join(re.escape(k) for k in sorted(known, key=len, reverse=True)))
            for match in pattern.finditer(text):
                index = max(0, bisect.bisect_right(starts, match.start()) - 1)
                if sentences and sentences[index].start <= match.start() < sentences[index].end:
                    after = self._title_at(text, match.end(), titles_by_sentence[index])
                    accept(
                        _Candidate(
                            match.start(),
                            match.end(),
                            "PERSON",
                            index,
                            after.canonical if after else None,
                            known[match.group(0)],
                            (match.start(), after.end) if after else None,
                        )
                    )

        # 3. Per sentence: names before a title, organisations, places, then jieba's own names.
        for index, words in enumerate(tokens):
            for position, token in enumerate(words):
                if token.flag.startswith("nr") and self._looks_chinese(token.text, _ALL_SURNAMES):
                    after = self._title_at(text, token.end, titles_by_sentence[index])
                    if after is not None:  # "王明副总理": the name before its office
                        accept(
                            _Candidate(
                                token.start,
                                token.end,
                                "PERSON",
                                index,
                                after.canonical,
                                surface=(token.start, after.end),
                            )
                        )
                org = self._organisation(text, words, position, taken)
                if org is not None:
                    accept(
                        _Candidate(
                            org[0], org[1], "ORG", index, country=_leading_country(text[org[0] : org[1]])
                        ),
                        True,
                    )
            for token in words:
                accept(self._place(token, index), True)
            for side in self._sides(text, words, index):
                accept(side, True)
            for token in words:
                if (
                    token.flag in {"nr", "nrfg"}
                    and self._looks_chinese(token.text, _COMMON_SURNAMES)
                    and self._new_name(token.text)
                    and _country(token.text) is None
                ):
                    accept(_Candidate(token.start, token.end, "PERSON", index), True)

        mentions = tuple(
            Mention(
                text[c.start : c.end],
                c.type,
                c.start,
                c.end,
                c.sentence,
                c.title,
                c.country,
                text[c.surface[0] : c.surface[1]] if c.surface and c.surface != (c.start, c.end) else None,
            )
            for c in sorted(accepted, key=lambda c: (c.start, c.end))
        )
        return Annotation(LANG, sentences, mentions)

    # -- titles -----------------------------------------------------------------------------

    def _titles(self, text: str, sentence: Sentence, words: Sequence[_Token]) -> list[_Title]:
        """Titles in a sentence, chained ("A、B", "A兼B") and with the country written before them."""
        found: list[tuple[int, int]] = []
        for match in _title_pattern().finditer(text, sentence.start, sentence.end):
            if match.end() < sentence.end and text[match.end()] in _NOT_TITLE_AFTER:
                continue  # 大使馆, 总统府, 部长级: another word
            found.append((match.start(), match.end()))
        titles: list[_Title] = []
        chain_start = 0
        for k, (start, end) in enumerate(found):
            if k == 0 or text[found[k - 1][1] : start] not in {"", "、", "兼"}:
                chain_start = start
            chained = k + 1 < len(found) and text[end : found[k + 1][0]] in {"", "、", "兼"}
            titles.append(_Title(start, end, _canonical(text[start:end]), chain_start, None, chained))
        # The country of a chain: a country word right before it, or in an organisation before
        # it ("哈萨克斯坦贸易和一体化部部长"), or one of China's own offices.
        result: list[_Title] = []
        for title in titles:
            country, phrase_start = self._country_before(text, title.phrase_start, sentence.start, words)
            if country is None:
                chain = text[title.phrase_start : title.end]
                for piece in re.split("[、兼]", chain):
                    country = _leading_country(piece)
                    if country is None and piece.startswith(_CHINESE_OFFICES):
                        country = "CHN"
                    if country:
                        break
            result.append(
                _Title(title.start, title.end, title.canonical, phrase_start, country, title.chained)
            )
        return result

    def _country_before(
        self, text: str, pos: int, floor: int, words: Sequence[_Token]
    ) -> tuple[str | None, int]:
        """The country word ending at ``pos`` and where it starts, skipping "驻<place>"."""
        window_start = max(floor, pos - 20)
        before = text[window_start:pos]
        station = before.rfind("驻")
        if station >= 0 and len(before) - station <= 12:
            # "中国驻哈萨克斯坦大使": the country after 驻 is the posting, not the envoy's country.
            before = before[:station]
        for size in range(min(len(before), 10), 1, -1):
            code = _country(before[-size:])
            if code:
                return code, window_start + len(before) - size
        # An organisation between country and title ("哈萨克斯坦议会下院议长"): the nearest country
        # among the words of the noun phrase before the title.
        index = next((i for i, w in enumerate(words) if w.start < pos <= w.end), None)
        if index is not None:
            first = _walk_back(words, index, 5, lambda w: w.start < floor)
            for k in range(index, first - 1, -1):
                word = words[k]
                code = _country(word.text) or (_leading_country(word.text) if k < index else None)
                if code:
                    return code, word.start
        return None, pos

    def _title_at(self, text: str, pos: int, titles: Sequence[_Title]) -> _Title | None:
        """The title starting right at ``pos`` (a title after a name: "王明副总理")."""
        for title in titles:
            if title.start == pos or (title.start == pos + 1 and text[pos] == " "):
                return title
        return None

    # -- persons ----------------------------------------------------------------------------

    def _name_after(
        self,
        text: str,
        pos: int,
        limit: int,
        words: Sequence[_Token],
        by_start: dict[int, _Token],
        country: str | None,
    ) -> tuple[int, int] | None:
        """The span of a person's name starting at ``pos`` (right after a title), if any."""
        if pos < limit and text[pos] == " ":
            pos += 1
        if pos >= limit or not _is_han(text[pos]) or text[pos] in _NAME_STOP:
            return None
        if _country(text[pos : pos + 2]) or _country(text[pos : pos + 3]):
            return None  # "总统国" / a country name: no person here
        # A transliterated name with parts joined by a middle dot: "阿斯卡尔·别科夫".
        dotted = self._dotted(text, pos, limit, words)
        if dotted is not None:
            return dotted
        token = by_start.get(pos)
        foreign = (country is not None and country != "CHN") or (token is not None and token.flag == "nrt")
        surname = _surname_length(text[pos:limit])
        run = self._transliteration(text, pos, limit, words)
        # Chinese names have at most three characters (four with a compound surname): a longer run
        # of transliteration characters is a foreign name even when it starts like a surname (古特雷斯).
        if surname and not foreign and (run is None or run[1] - run[0] <= 2 + surname):
            span = self._chinese_name(text, pos, limit, surname, by_start)
            if span is not None:
                return span
        if run is not None:
            return run
        if surname:
            return self._chinese_name(text, pos, limit, surname, by_start)
        # Names in neither shape (Japanese names: "岸田文雄" = 岸/n + 田文雄/nr): up to the end of
        # a name jieba found within the next two characters.
        for offset in (0, 1, 2):
            found = by_start.get(pos + offset)
            if found is not None and found.flag.startswith("nr") and 2 <= found.end - pos <= 4:
                return pos, found.end
        return None

    def _chinese_name(
        self, text: str, pos: int, limit: int, surname: int, by_start: dict[int, _Token]
    ) -> tuple[int, int] | None:
        """Surname + one or two given characters, sized with jieba's words."""
        token = by_start.get(pos)
        if (
            token is not None
            and token.flag.startswith("nr")
            and token.flag != "nrt"
            and surname + 1 <= len(token.text) <= surname + 2
        ):
            return token.start, token.end
        given = pos + surname
        if given >= limit or not _is_han(text[given]):
            return None
        word = by_start.get(given)
        if word is not None and len(word.text) == 2 and word.flag not in _NOT_GIVEN_FLAGS:
            return pos, given + 2  # "刘" + "和平": the given name is one word
        if text[given] in _NAME_STOP:
            return None
        second = given + 1
        if (
            second < limit
            and _is_han(text[second])
            and text[second] not in _NAME_STOP
            and not (second in by_start and len(by_start[second].text) >= 2)  # a new word starts
        ):
            return pos, second + 1
        return pos, given + 1

    def _transliteration(
        self, text: str, pos: int, limit: int, words: Sequence[_Token]
    ) -> tuple[int, int] | None:
        """A foreign name (or one part of it) starting at ``pos``: "热克舍诺夫", "阿斯卡尔".

        It runs over transliteration characters and over words jieba tagged as names or did not
        find in its dictionary (a new word is most often a name), and stops at a function
        character, at a dictionary word that is no name (表示, 特别) and at a title.
        """
        containing = {k: w for w in words for k in range(w.start, w.end)}
        end = pos
        while end < limit and end - pos < 12 and _is_han(text[end]) and text[end] not in _NAME_STOP:
            word = containing.get(end)
            known_word = word is not None and _in_dictionary(word.text) and not _is_name_flag(word.flag)
            if word is not None and word.start == end and len(word.text) >= 2 and known_word:
                break
            if text[end] not in _TRANSLIT and (word is None or known_word):
                break
            if end > pos and _title_pattern().match(text, end, limit):
                break
            end += 1
        end = self._cut_straddling(pos, end, words)
        return (pos, end) if end - pos >= 2 else None

    def _dotted(self, text: str, pos: int, limit: int, words: Sequence[_Token]) -> tuple[int, int] | None:
        """A name in parts joined by a middle dot ("阿斯卡尔·别科夫"); the last part ends where
        a foreign name does (see :meth:`_transliteration`)."""
        match = _DOTTED_HEAD.match(text, pos, limit)
        if match is None:
            return None
        tail = self._transliteration(text, match.end(), limit, words)
        return (pos, tail[1]) if tail is not None else None

    @staticmethod
    def _cut_straddling(start: int, end: int, words: Sequence[_Token]) -> int:
        """Cut a span before a jieba word that starts inside it and runs past its end (特别, 通过)."""
        for word in words:
            if start < word.start < end < word.end and len(word.text) >= 2 and not _is_name_flag(word.flag):
                return word.start
        return end

    @staticmethod
    def _name_ends_at(pos: int, words: Sequence[_Token], known: set[str]) -> bool:
        """Whether a person's name (jieba's, or one named earlier) ends right at ``pos``."""
        for word in words:
            if word.end == pos:
                if word.text in known:
                    return True
                name_like = ChineseBackend._looks_chinese(word.text, _ALL_SURNAMES) or all(
                    ch in _TRANSLIT for ch in word.text
                )
                return word.flag in {"nr", "nrfg", "nrt"} and name_like and len(word.text) >= 2
        return False

    @staticmethod
    def _new_name(word: str) -> bool:
        """Whether jieba's person tag on ``word`` is worth believing without a title.

        jieba's dictionary tags hundreds of two-character common words as names (高峰, 王朝, 陆军,
        祝贺): a two-character name is believed only when jieba found it as a new word, outside
        its dictionary. Three-character dictionary names are mostly real names (and a few
        common words, listed).
        """
        size = _surname_length(word)
        if _dictionary_frequency(word[size:]) >= _COMMON_WORD:
            return False  # "高水平": surname + a common word (水平), not a given name
        if len(word) == 2:
            return not _in_dictionary(word)
        return len(word) == 3 and word not in _NOT_NAMES

    @staticmethod
    def _looks_chinese(name: str, surnames: frozenset[str]) -> bool:
        """A Chinese full name: a known surname and one or two given characters, all Han."""
        if not all(_is_han(ch) for ch in name):
            return False
        if name[:2] in _COMPOUND_SURNAMES:
            return 3 <= len(name) <= 4
        return name[0] in surnames and 2 <= len(name) <= 3

    # -- organisations and places ---------------------------------------------------------

    def _organisation(
        self, text: str, words: Sequence[_Token], index: int, taken: bytearray
    ) -> tuple[int, int] | None:
        """An organisation whose name ends with word ``index`` (a head noun, or a jieba ``nt``)."""
        token = words[index]
        if token.text in _NOT_ORG:
            return None
        if token.text.endswith(_VENUE_HEADS):
            return None  # a building: see _place
        head = self._head(token.text)
        if len(head) == 1 and token.text != head and (len(token.text) < 3 or token.flag.startswith("v")):
            head = ""  # 签署, 部署, 干部: words that merely end in 署/部
        if not head and (token.flag != "nt" or not _in_dictionary(token.text)):
            return None  # jieba's guessed organisations outside its dictionary are noise ("哈方愿同")
        if index + 1 < len(words) and words[index + 1].text.startswith(_ORG_HEADS) and head:
            return None  # "中央" + "委员会": the name goes on

        def in_mention(word: _Token) -> bool:
            return any(taken[word.start : word.end])

        if in_mention(token):
            return None
        first = _walk_back(words, index, 7, in_mention)
        proper = any(w.flag in _PROPER_FLAGS or _country(w.text) for w in words[first : index + 1])
        start = words[first].start
        name = text[start : token.end]
        if name in _ORG_HEADS or len(name) < 3:
            return None  # "委员会", "该部": a body named by its head noun alone
        if first == index and not proper and len(token.text) <= len(head):
            return None
        if first < index and not proper and len(head) == 1 and len(name) < 4:
            return None
        if first == index and token.flag != "nt" and not proper and len(name) < 4:
            return None
        return start, token.end

    @staticmethod
    def _head(word: str) -> str:
        return next((h for h in _ORG_HEADS if word.endswith(h)), "")

    @staticmethod
    def _sides(text: str, words: Sequence[_Token], sentence: int) -> list[_Candidate]:
        """Countries named as sides ("中方", "哈方") wherever jieba put them in a longer word
        ("哈方愿同"/nt): the abbreviation starts a word and 方 does not start another (新方法)."""
        starts = {w.start: w for w in words}
        found: list[_Candidate] = []
        for word in words:
            at = word.start
            if len(word.text) == 1 and word.end < len(text) and text[word.end] == "方":
                following = starts.get(word.end)
                if following is not None and len(following.text) > 1:
                    continue  # "法" + "方面"
            elif not word.text.startswith("方", 1):
                continue
            code = countries.country_abbreviation_zh(text[at])
            if code:
                found.append(_Candidate(at, at + 2, "PLACE", sentence, country=code))
        return found

    def _place(self, token: _Token, sentence: int) -> _Candidate | None:
        """A country, a country's side (中方), a gazetteer city, a venue or a jieba ``ns`` word."""
        word = token.text
        if len(word) < 2 or not _is_han(word[0]):
            return None
        if _is_pair(word) or word in _NOT_PLACES:
            return None
        code = _country(word)
        if code:
            return _Candidate(token.start, token.end, "PLACE", sentence, country=code)
        if token.flag == "nt" and word.endswith(_VENUE_HEADS):
            place = lookup_place(word[:2]) or lookup_place(word[:3])
            return _Candidate(
                token.start,
                token.end,
                "PLACE",
                sentence,
                country=place.country if place else _leading_country(word),
            )
        if token.flag in {"ns", "nrt", "nr", "nz"}:
            place = lookup_place(word)
            if place is not None:
                return _Candidate(token.start, token.end, "PLACE", sentence, country=place.country)
            if token.flag == "ns":
                return _Candidate(token.start, token.end, "PLACE", sentence, country=_leading_country(word))
        return None


# -- romanisation ----------------------------------------------------------------------------


def _syllables(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return [s for s in lazy_pinyin(text, style=Style.NORMAL, v_to_u=True, errors="default") if s.strip()]


def _join(syllables: Sequence[str], apostrophe: bool = True) -> str:
    """Syllables of one name part: joined, capitalised, with the apostrophe pinyin puts before a
    syllable starting with a, o or e in Chinese names ("Jian'an"); transliterations go without
    it, as English copy writes them."""
    word = ""
    for k, syllable in enumerate(syllables):
        if apostrophe and k and syllable[:1] in {"a", "o", "e"} and word[-1:].isalpha():
            word += "'"
        word += syllable
    return word[:1].upper() + word[1:]


def romanize(name: str) -> str:
    """Hanyu Pinyin without tones, the way names are written in Latin script.

    A Chinese name puts the surname first and joins the given name's syllables:
    "李强" -> "Li Qiang", "欧阳明华" -> "Ouyang Minghua" (surnames read as surnames: 曾 is "Zeng").
    A transliterated foreign name is romanised part by part: "阿斯卡尔·别科夫" -> "Asikaer Biekefu".
    Text already in Latin script is returned with its spacing normalised.
    """
    name = " ".join(name.split())
    if not name or not any(_is_han(ch) for ch in name):
        return name
    parts = [p for p in re.split(f"[{_DOTS}\\s]+", name) if p]
    if len(parts) == 1 and ChineseBackend._looks_chinese(name, _ALL_SURNAMES):
        size = _surname_length(name)
        surname, given = name[:size], name[size:]
        reading = _SURNAME_READINGS.get(surname)
        surname_syllables = reading.split("-") if reading else _syllables(surname)
        return f"{_join(surname_syllables)} {_join(_syllables(given))}"
    return " ".join(_join(_syllables(p), False) if any(_is_han(ch) for ch in p) else p for p in parts)


def romanize_key(name: str) -> str:
    """A lowercase ASCII letters-only key for fuzzy matching.

    "李强", "Li Qiang" and "LI Qiang" all give "liqiang"; diacritics are dropped ("Lü" -> "lu").
    """
    latin = romanize(name)
    decomposed = unicodedata.normalize("NFKD", latin)
    return "".join(ch for ch in decomposed.casefold() if "a" <= ch <= "z")
