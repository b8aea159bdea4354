"""Speaker phrases, speech verbs and where a reported clause begins.

Shared by every family of extraction rules.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from stance import lexicon
from stance.extraction.text import _WORD
from stance.schema import Statement

_NEGATION = {"not", "never", "n't", "didn't", "didn’t", "no", "nor", "neither", "refused",
             "declined", "won't", "won’t", "hasn't", "hasn’t", "haven't", "haven’t", "without",
             "cannot"}


_AUX = {"has", "have", "had", "was", "were", "is", "are", "will", "would", "also", "additionally",
        "further", "initially", "later", "earlier", "previously", "repeatedly", "already",
        "again", "then", "once", "long", "publicly", "privately", "separately", "reportedly",
        "quickly", "swiftly", "firmly", "sharply", "strongly", "flatly", "categorically",
        "angrily", "immediately", "subsequently", "recently", "still", "just", "only", "even",
        "since", "on", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday", "yesterday", "today", "tonight", "being", "been", "be", "officially", "did",
        "does", "often", "now", "always", "usually", "overall"}


_FLOATING = {"both", "all", "each"}


_ARTICLES = {"a", "an", "the", "its", "his", "her", "their"}


_ADVERBIAL = _AUX | {
    "in", "at", "during", "statement", "interview", "briefing", "conference",
    "news", "press", "post", "posts", "social", "media", "x", "telegram", "television", "tv",
    "radio", "meeting", "speech", "late", "last", "this", "week", "morning", "evening",
    "afternoon", "night", "weekend", "emailed", "written", "televised", "address", "own",
    "website", "channel", "account", "state", "national", "official",
    "regular", "daily", "weekly", "joint", "online", "video", "facebook", "instagram",
    "release", "launch", "communique", "communiqué", "notice", "readout", "message", "posting",
    "launched", "released", "issued", "letter", "report", "filing", "call", "phone",
}


_RECIPIENTS = {
    "reporters", "journalists", "lawmakers", "parliament", "the", "a", "an", "press",
    "correspondents", "media", "audience", "delegates", "diplomats", "members", "crowd",
    "supporters", "students", "broadcaster", "newspaper", "agency", "council", "cabinet",
    "assembly", "meeting", "gathering", "session", "summit", "conference", "forum", "committee",
    "legislators", "senators", "colleagues", "counterparts", "citizens", "nation", "country",
    "cupboard", "television", "state", "local", "foreign", "visiting", "assembled",
    "panel", "hearing", "radio", "station", "channel", "network", "podcast", "interviewer",
    "rally", "envoys", "ambassadors", "ministers", "leaders", "officials", "troops", "voters",
    "him", "her", "them", "me", "us", "you",
}


_COORD = {"and", "but", "however", "while", "yet", "though", "although", "nevertheless"}


_HOLDERS = {"embassy", "mission", "ambassador", "envoy", "delegation", "representative",
            "consulate", "office", "ministry", "minister", "spokesperson", "spokesman",
            "spokeswoman", "secretary"}


# words after which a speech verb's -s form is a plural noun
_NOUN_BEFORE = {"the", "if", "many", "some", "all", "other", "these", "those", "several", "most",
                "few", "of", "in", "for", "with", "by", "from", "whose", "their", "our", "its",
                "such", "any", "no", "more", "two", "three", "four", "five", "six", "seven",
                "eight", "nine", "ten", "dozen", "dozens", "both", "various", "numerous",
                "multiple", "hundreds", "thousands", "his", "her", "my", "your", "take", "took",
                "taking", "southern", "northern", "eastern", "western", "battleground"}


_DEGREE = {"most", "more", "less", "least", "very", "particularly", "especially", "equally"}


_ADJECTIVE_BEFORE = {"the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "of",
                     "in", "with", "for", "from"}


# "he's", "that's": a contraction of "has" or "is", not a possessive
_CONTRACTED = {"he's", "she's", "it's", "that's", "there's", "who's", "what's", "he’s", "she’s",
               "it’s", "that’s", "there’s", "who’s", "what’s"}
# after "Trump's said", "the ministry's denied": words that show a verb ("has said that ...")
_AFTER_POSSESSIVE_VERB = {"that", "he", "she", "they", "we", "it", "i", "to", "the", "a", "an",
                          "this", "his", "her", "their", "on", "in", "at", "for", "him", "them"}


def _verb_at(toks: list[tuple[int, int, str]], k: int) -> tuple[str, str, int] | None:
    """The speech verb (form, frame, token count) starting at token ``k``, if any."""
    verbs = lexicon.speech_verbs()
    low = toks[k][2].lower()
    if k > 0 and toks[k][2][:1].isupper():
        return None  # a capitalised word inside a sentence is a name ("United States")
    if k > 0 and low.endswith("s") and (toks[k - 1][2].lower() in _NOUN_BEFORE or (
            toks[k - 1][2].isdigit() and toks[k - 1][1] + 1 == toks[k][0])):
        return None  # "If states fail", "the claims", "many reports": a plural noun
    if low.endswith("ing") and k > 0 and toks[k - 1][2].lower() in _DEGREE:
        return None  # "the most telling", "a very revealing": an adjective
    if low.endswith("ed") and k > 0 and toks[k - 1][1] + 1 == toks[k][0] and (
            toks[k - 1][2].lower() in _ADJECTIVE_BEFORE
            or toks[k - 1][2].replace(",", "").isdigit()):
        return None  # "412 pledged delegates", "the alleged attack": an adjective
    nxt = toks[k + 1][2] if k + 1 < len(toks) else ""
    if low in ("called", "named", "dubbed") and k >= 2 and toks[k - 2][2].lower() in ("a", "an") \
            and nxt[:1].isupper():
        return None  # "a firm called Cambridge Analytica": a name, not a call
    if low.endswith("ed") and k > 0 and re.search(r"\w(?:['’]s|s['’])$", toks[k - 1][2]) \
            and toks[k - 1][2].lower() not in _CONTRACTED and nxt[:1].islower() \
            and nxt.lower() not in _AFTER_POSSESSIVE_VERB:
        return None  # "Trump's declared goal", "Sanders' stated plans": an adjective
    if k + 1 < len(toks):
        two = low + " " + toks[k + 1][2].lower()
        if two in verbs:
            return two, verbs[two], 2
    if low in verbs:
        return low, verbs[low], 1
    guarded, before = lexicon.guarded_verbs()
    if low in guarded and k > 0 and (toks[k - 1][2].lower() in before
                                     or (_plural_speaker(toks[k - 1][2])
                                         and toks[k - 1][1] + 1 == toks[k][0])):
        return low, guarded[low], 1  # "will call", "to claim", "they blame", "critics claim"
    return None


# plural person nouns the word lists do not name ("reviewers", "commenters", "respondents")
_PERSON_PLURAL = re.compile(r"[a-z]{3,}(?:ers|ists|ians|ants|ents|ors|ees)")


def _plural_speaker(tok: str) -> bool:
    """A plural noun for people or institutions ("critics", "lawmakers", "officials")."""
    low = tok.lower()
    return low.endswith("s") and not tok[:1].isupper() and (
        low in lexicon.speaker_words() or low in lexicon.speaker_nouns()
        or bool(_PERSON_PLURAL.fullmatch(low)))


def _is_np_word(tok: str) -> bool:
    low = tok.lower()
    if low in lexicon.pronouns():
        return True
    if tok[:1].isupper() or tok[:1].isdigit() or _prefixed_name(tok):
        return low not in _COORD and low not in {"however", "meanwhile", "but", "and", "on"}
    base = re.sub(r"['’]s$", "", low)
    return (base in lexicon.speaker_words() or base in lexicon.speaker_nouns()
            or bool(_PERSON_PLURAL.fullmatch(base))
            or low in lexicon.speaker_modifiers()
            or low in {"of", "the", "a", "an", "for", "'s", "’s", "his", "her", "its", "their",
                       "each", "every"})


def _prefixed_name(tok: str) -> bool:
    """A name word with an Arabic article prefix: "al-Burhan"."""
    head, dash, rest = tok.partition("-")
    return bool(dash) and rest[:1].isupper() and head in lexicon.name_particles()[1]


def _np_particle(toks, i: int, lo: int) -> bool:
    """A lower-case word inside a personal name, between capitalised words ("Ursula von der
    Leyen", "Mohammed bin Salman")."""
    particles = lexicon.name_particles()[0]
    if toks[i][2] not in particles or i - 1 < lo:
        return False
    a, b = i - 1, i + 1
    while a >= lo and toks[a][2] in particles:
        a -= 1
    while b < len(toks) and toks[b][2] in particles:
        b += 1
    return a >= lo and b < len(toks) and toks[a][2][:1].isupper() and toks[b][2][:1].isupper()


def _skip_time(toks, j: int, floor: int) -> int:
    """Index of the last token before ``j``'s run of auxiliaries and time phrases."""
    time_words = lexicon.not_speakers()["time"]
    while j >= floor:
        low = toks[j][2].lower()
        if low in _AUX and not toks[j][2][:1].isupper():
            j -= 1
        elif low in _FLOATING and j > floor and not toks[j][2][:1].isupper():
            j -= 1  # "Paris and Berlin have both argued": the quantifier floats off its subject
        elif low in time_words and j - 1 >= floor and (
                toks[j - 1][2].lower() in {"on", "last", "this", "late", "early", "earlier",
                                           "next", "in"} or toks[j - 1][2].lower() in time_words):
            j -= 2  # "on Monday", "last week", "earlier this month" (one step at a time)
        elif _manner_adverb(toks[j][2]) and j > floor:
            j -= 1  # "It proudly declared", "Ruiz, bluntly suggested"
        elif low == "to" and j - 1 > floor and toks[j - 1][2].lower() in _CATENATIVES:
            j -= 2  # "Ruiz continued to say"
        elif low == "to" and j - 2 > floor and toks[j - 1][2].lower() == "on" \
                and toks[j - 2][2].lower() in ("went", "goes", "going", "go"):
            j -= 3  # "Ruiz went on to say"
        else:
            break
    return j


_CATENATIVES = {"continued", "continues", "continue", "began", "begins", "hastened", "rushed",
                "was", "were", "is", "are", "moved", "used", "appeared", "seemed", "wanted"}


def _manner_adverb(tok: str) -> bool:
    """A lower-case -ly adverb ("bluntly", "publicly"), not a noun ("ally", "rally")."""
    low = tok.lower()
    return (low.endswith("ly") and len(low) > 4 and tok.islower()
            and low not in lexicon.speaker_nouns() and low not in lexicon.speaker_words()
            and low not in _LY_NOUNS)


_LY_NOUNS = {"rally", "rallies", "family", "supply", "reply", "assembly", "anomaly", "monopoly",
             "italy", "july", "belly", "bully", "tally", "folly", "jelly", "lily"}


_SETTING_NOUNS = {"statement", "statements", "interview", "interviews", "post", "note", "letter",
                  "tweet", "speech", "op-ed", "article", "message", "video", "briefing", "call",
                  "column", "memo", "email", "communique", "communiqué", "release", "address",
                  "conference", "podcast", "broadcast", "editorial", "essay", "filing"}
_SETTING_DETS = {"a", "an", "the", "his", "her", "its", "their", "our", "this", "that"}


def _setting_before(text: str, toks, k: int, floor: int) -> int | None:
    """The "in" of a setting between a speaker and the verb at token ``k`` ("Ruiz in an
    interview on Sunday said", "Lima in a note to Quito demanded"), or None."""
    for m in range(k - 1, max(floor, k - 14), -1):
        if text[toks[m][1]:toks[m + 1][0]].strip():
            return None  # punctuation: the setting would be an aside, read elsewhere
        if toks[m][2].lower() == "in" and toks[m + 1][2].lower() in _SETTING_DETS and any(
                toks[x][2].lower() in _SETTING_NOUNS for x in range(m + 2, min(m + 6, k))):
            return m
    return None


def _np_left(text: str, toks, k: int, floor: int) -> tuple[int, int] | None:
    """The speaker phrase ending just before token ``k`` (skipping auxiliaries and time
    words: "Serbia on Monday dismissed", "Trump last week said", and a setting: "Ruiz in an
    interview said"). A contracted "has" is not part of it: "He's said" is he."""
    m = _setting_before(text, toks, k, floor)
    if m is not None:
        sp = _np_left(text, toks, m, floor)
        if sp is not None and _speakerish(text, sp):
            return sp
    sp = _np_left_span(text, toks, k, floor)
    if sp is not None and text[sp[1] - 2:sp[1]] in ("'s", "’s") and sp[1] - 2 > sp[0] \
            and not text[sp[1]:toks[k][0]].strip() and toks[k][2].lower().endswith(
                ("ed", "said", "told", "wrote", "written", "made")):
        return sp[0], sp[1] - 2
    return sp


def _np_left_span(text: str, toks, k: int, floor: int) -> tuple[int, int] | None:
    j = _skip_time(toks, k - 1, floor)
    if j < floor:
        return None
    if j < k - 1 and "," in text[toks[k - 1][1]:toks[k][0]]:
        return None  # "Trump, who campaigned in the state this week, tweeted": not "the state"
    end = toks[j][1]
    m = _familiar()[0].search(text, toks[floor][0], end)
    if m and m.end() == end and not text[end:toks[k][0]].strip() and \
            _speakerish(text, (m.start(1), m.start(2))):
        return m.start(1), end  # "people familiar with the talks said", "a source close to him"
    gap = text[end:toks[j + 1][0] if j + 1 < len(toks) else end]
    closing = gap.strip(" ")[-1:]
    if gap.strip() == "),":
        closing = ")"  # "Gov. Ana Ruiz (R-OH), said": a stray comma after the parenthesis
    if closing in (")", "—", "–") or gap.endswith((" - ", " -- ")):
        # a parenthesis or a dashed aside before the verb: "Sen. Ana Ruiz (D-N.M.) said",
        # "Some economists - including two of the bank's own governors - warn"
        opening = "(" if closing == ")" else (closing if closing in "—–" else
                                              " -- " if gap.endswith(" -- ") else " - ")
        op = text.rfind(opening, toks[floor][0], end)
        inside = [i for i in range(floor, j + 1) if toks[i][0] > op]
        limit = 4 if closing == ")" else 16
        if closing == ")" and inside and toks[inside[0]][2].lower() in ("who", "which"):
            limit = 10  # "Ruiz (who holds 31 seats so far) said"
        if op < 0 or len(inside) > limit or not inside or inside[0] - 1 < floor:
            return None
        j = inside[0] - 1
        end = toks[j][1]
        if text[end:op].strip():
            return None
    elif gap.strip(" "):
        # punctuation between the phrase and the verb: a trailing attribution ", said X"
        return None
    i = _np_start(text, toks, j, floor)
    time_words = lexicon.not_speakers()["time"]
    if i is not None and i - 2 >= floor and all(t[2].lower() in time_words
                                                for t in toks[i:j + 1]) \
            and toks[i - 1][2].lower() in _PARTICIPLES \
            and not text[toks[i - 1][1]:toks[i][0]].strip():
        # "A court document filed Thursday says": the document, not the day
        i2 = _np_start(text, toks, i - 2, floor)
        if i2 is not None and not text[toks[i - 2][1]:toks[i - 1][0]].strip():
            return toks[i2][0], toks[i - 2][1]
    if i is not None and i - 3 >= floor and toks[i - 1][2] in ("to", "on", "in", "with") \
            and toks[i - 2][2] in _MEDIA_PARTICIPLES:
        # "Another source speaking to Fox News said": the source, not the network
        i2 = _np_start(text, toks, i - 3, floor)
        if i2 is not None and not text[toks[i - 3][1]:toks[i - 2][0]].strip():
            return toks[i2][0], toks[i - 3][1]
    # "Diplomats who attended the session in Geneva said", "an official who asked not to be
    # named said": the phrase the relative clause hangs on
    w = _relative_head(text, toks, i if i is not None else j + 1, floor)
    if w is not None:
        return w
    return None if i is None else (toks[i][0], end)


def _relative_head(text: str, toks, i: int, floor: int) -> tuple[int, int] | None:
    """The phrase a relative clause hangs on, when the words before the verb end one: "a
    woman who had studied in Montana asked" (the woman, not Montana), "voters who back the
    senator say". Only "who", and only with no punctuation from it to the verb."""
    for w in range(i - 1, max(floor, i - 12) - 1, -1):
        if text[toks[w][1]:toks[w + 1][0]].strip():
            return None
        if toks[w][2] == "who":
            if w == i - 1 or w - 1 < floor or text[toks[w - 1][1]:toks[w][0]].strip():
                return None  # "hackers who officials say are": the officials speak
            h = _np_start(text, toks, w - 1, floor)
            return None if h is None else (toks[h][0], toks[w - 1][1])
    return None


_MEDIA_PARTICIPLES = {"speaking", "talking", "writing", "appearing", "posting", "interviewed"}
_PARTICIPLES = {"filed", "released", "published", "issued", "posted", "aired", "sent", "written",
                "dated", "obtained", "seen", "leaked", "made", "unveiled", "circulated"}


@lru_cache(maxsize=1)
def _familiar() -> tuple[re.Pattern, re.Pattern]:
    """Sources named by what they know ("people familiar with the talks", "a source close to
    him"), from ``resources/source_links.txt``: the pattern ending before a verb, and the one
    continuing a phrase after "said"."""
    links = "(?:" + "|".join(re.escape(x) for x in sorted(lexicon.source_links(), key=len,
                                                             reverse=True)) + ")"
    rest = r"[^,.;:()\"“”]{1,60}"
    return (re.compile(r"((?:[\w'’-]+ ){0,4}?[\w'’-]+) (" + links + ") " + rest),
            re.compile(" " + links + " " + rest + r"?(?=\s*(?:[,.;:]|$))"))


def _np_start(text: str, toks, j: int, floor: int) -> int | None:
    """First token of the speaker phrase that ends at token ``j``: walk left over words a
    speaker phrase may hold, then drop leading "of"/"and"/possessive marks."""
    if j >= floor and toks[j][2].lower() in _SUBJECT_PRONOUNS:
        return j  # "a group he described as ...": the pronoun speaks, the words before it not
    i = j
    while i >= floor and (_is_np_word(toks[i][2]) or _np_preposition(toks, i, floor)
                          or _np_and(toks, i, floor) or _np_particle(toks, i, floor)):
        gap = text[toks[i][1]:toks[i + 1][0]] if i + 1 <= j else ""
        if gap.strip() and gap.strip() not in ("-",) and not _initial(toks, i, gap):
            break
        i -= 1
    i += 1
    while i <= j and (toks[i][2].lower() in {"of", "for", "and", "'s", "’s"} or (
            toks[i][2].lower() in _LEADING_QUANTIFIERS and i < j)):
        i += 1  # "Just 28 percent of voters" -> "28 percent of voters"
    if i <= j:
        i = _possessor_start(text, toks, i, floor)
    return i if i <= j else None


_SUBJECT_PRONOUNS = {"he", "she", "they", "we", "i"}
_FUNCTION_WORDS = {"and", "or", "but", "nor", "after", "before", "when", "while", "as", "since",
                   "because", "if", "of", "in", "on", "at", "to", "for", "with", "by", "from",
                   "about", "over", "under", "into", "than", "that", "which", "who", "whom",
                   "whose", "this", "these", "those", "his", "her", "its", "their", "our", "my",
                   "your", "not", "no", "percent", "per", "cent"}


def _possessor_start(text: str, toks, i: int, floor: int) -> int:
    """Up to three lower-case modifiers between a possessive name and the phrase that starts
    at token ``i`` belong to it: "Iran's atomic energy agency", "Taiwan's presidential
    office" (the phrase had begun at "energy agency", "office")."""
    m = i - 1
    n = 0
    while m >= floor and n < 3 and toks[m][2].isalpha() and toks[m][2].islower() \
            and not text[toks[m][1]:toks[m + 1][0]].strip() and toks[m][2] not in _ARTICLES \
            and toks[m][2] not in lexicon.speech_verbs() and toks[m][2] not in _AUX \
            and toks[m][2] not in _FUNCTION_WORDS:
        m -= 1
        n += 1
    if n and m >= floor and toks[m][2][:1].isupper() and toks[m][2].endswith(("'s", "’s")) \
            and not text[toks[m][1]:toks[m + 1][0]].strip():
        k = m
        while k - 1 >= floor and toks[k - 1][2][:1].isupper() \
                and not text[toks[k - 1][1]:toks[k][0]].strip():
            k -= 1  # "South Korea's"
        return k
    return i


_LEADING_QUANTIFIERS = {"just", "nearly", "only", "roughly", "almost", "about", "around"}


def _initial(toks, i: int, gap: str) -> bool:
    """An initial inside a name: "C. Stewart Verdery", "J. J. Price"."""
    return (gap.strip() == "." and len(toks[i][2]) == 1 and toks[i][2].isupper()
            and toks[i][2] != "X"  # the network: "posted on X. He said"
            and i + 1 < len(toks) and toks[i + 1][2][:1].isupper()
            and toks[i + 1][2].lower() not in lexicon.pronouns())


def _np_preposition(toks, i: int, floor: int) -> bool:
    """'in'/'to'/'at' inside a speaker phrase: "Russia's embassy in Helsinki", and a poll
    share: "six in 10 said"."""
    if toks[i][2] == "in" and i - 1 >= floor and i + 1 < len(toks) and \
            _NUMBER.fullmatch(toks[i - 1][2].lower()) and _NUMBER.fullmatch(toks[i + 1][2].lower()):
        return True
    if i - 1 < floor:
        return False
    before = toks[i - 1][2].lower()
    return (toks[i][2] in ("in", "to", "at") and before in _HOLDERS) or (
        # "voters in the state", "analysts at the bank": people where they are
        toks[i][2] in ("in", "at") and before.endswith("s") and (
            before in lexicon.speaker_nouns() or before in lexicon.speaker_words()))


_NUMBER = re.compile(r"\d+|one|two|three|four|five|six|seven|eight|nine|ten")


def _np_and(toks, i: int, floor: int) -> bool:
    """'and' inside a name: "the Ministry of Foreign Affairs and International Cooperation"."""
    return (toks[i][2] == "and" and floor < i < len(toks) - 1
            and toks[i - 1][2][:1].isupper() and toks[i + 1][2][:1].isupper())


def _np_right(text: str, toks, k: int, limit: int) -> tuple[int, int] | None:
    """The speaker phrase starting at token ``k`` ("said the ministry"), with an appositive
    that follows it ("said Jay Tarriela, the Philippine Coast Guard spokesman")."""
    i = _lowercase_title(text, toks, k, limit)
    if i > k:
        sp = _np_right(text, toks, i, limit)  # "said master of ceremonies Asab Tabchi"
        return (toks[k][0], sp[1]) if sp else None
    i = k
    last = None
    while i < len(toks) and toks[i][0] < limit and (_is_np_word(toks[i][2])
                                                     or _np_preposition(toks, i, k)
                                                     or _np_particle(toks, i, k)):
        if last is not None and text[toks[last][1]:toks[i][0]].strip() and \
                not _initial(toks, last, text[toks[last][1]:toks[i][0]]):
            if text[toks[last][1]:toks[i][0]].strip() == "," and \
                    toks[i][2].lower() in ("the", "a", "an") and i - k < 8 and \
                    toks[last][2][:1].isupper() and "," not in text[toks[k][0]:toks[last][1]]:
                # an appositive after a name runs to the next punctuation: "said Bob Lane, a
                # Democratic pollster and consultant in the state"
                j = i
                while j + 1 < len(toks) and toks[j + 1][0] < limit and j - i < 40 and \
                        not text[toks[j][1]:toks[j + 1][0]].strip(" -"):
                    j += 1
                return toks[k][0], toks[j][1]
            break
        last = i
        i += 1
    if last is None:
        return None
    for c in range(k, last + 1):
        m = _familiar()[1].match(text, toks[c][1], limit)
        if m:
            return toks[k][0], m.end()  # "said a source close to the minister"
    if (toks[last][2].lower() in _ARTICLES or toks[last][2].endswith(("'s", "’s"))) \
            and last + 1 < len(toks) and toks[last + 1][0] < limit:
        # "said the woman", "said a retired nurse", "says the ad's narrator"
        last = max(last, _noun_run(text, toks, last + 1) - 1)
    return toks[k][0], toks[last][1]


_NOT_TITLE_START = {"that", "to", "for", "with", "by", "from", "after", "before", "when", "while",
                    "as", "if", "and", "but", "or", "of", "it", "there", "what", "how", "why"}


def _lowercase_title(text: str, toks, k: int, limit: int) -> int:
    """Past a role the word lists do not know, written in lower case right before a name:
    "said master of ceremonies Asab Tabchi", "said lobbyist and strategist Charlie Black".
    Returns the name's first token, or ``k`` when there is none."""
    if k >= len(toks) or toks[k][2] in _NOT_TITLE_START or toks[k][2] in _ADVERBIAL \
            or toks[k][2] in lexicon.not_speakers()["time"]:
        return k
    i = k
    while i + 1 < len(toks) and i - k < 6 and toks[i][0] < limit and toks[i][2].islower() \
            and toks[i][2] not in _ARTICLES and not text[toks[i][1]:toks[i + 1][0]].strip():
        i += 1
    if i == k or i >= len(toks) or toks[i][0] >= limit or not toks[i][2][:1].isupper() \
            or toks[i][2].lower() in lexicon.pronouns():
        return k
    return i


_CONJ_OPENERS = {"and", "but", "or", "nor", "so", "yet", "then", "thus", "even", "also",
                 "still"}


def _subject_start(text: str, toks, floor: int) -> tuple[int, int] | None:
    """The phrase that opens a clause (the subject of a coordinated verb)."""
    while floor + 1 < len(toks) and toks[floor][2].lower() in _CONJ_OPENERS \
            and not text[toks[floor][1]:toks[floor + 1][0]].strip():
        floor += 1  # "And even the president ...": no opening adverbial to skip
    i = floor
    if floor < len(toks) and toks[floor][2].lower() in lexicon.not_speakers()["openers"]:
        # a longer opening adverbial: "On Thursday, after weeks of silence, Warren ..."
        for j in range(floor, min(floor + 30, len(toks) - 1)):
            if "," in text[toks[j][1]:toks[j + 1][0]]:
                i = j + 1
                if toks[i][2].lower() not in lexicon.not_speakers()["openers"]:
                    break
        floor = i
    # skip an opening adverbial: "However,", "On Monday,", "Earlier this week,", "Minutes
    # later,", "Shortly after the vote,", "Recognizing this,"
    for j in range(floor, min(floor + 12, len(toks))):
        gap = text[toks[j][1]:toks[j + 1][0]] if j + 1 < len(toks) else ""
        if "," in gap:
            if _opens_adverbial(toks[floor][2]) or (j < floor + 6 and toks[floor][2].lower() in {
                    "however", "meanwhile", "on", "earlier", "later", "in", "at", "separately",
                    "instead", "still", "yet", "also", "last", "this"}):
                i = j + 1
            break
    if i < len(toks) and toks[i][2].lower() in {"however", "meanwhile", "but", "and", "yet"}:
        i += 1
    if i < len(toks) and toks[i][2].lower() in {"even", "also", "still", "then", "now"}:
        i += 1  # "And even the president ..."
    start = i
    while i < len(toks) and _is_np_word(toks[i][2]):
        if i > start and text[toks[i - 1][1]:toks[i][0]].strip() not in ("", "-"):
            break
        i += 1
    if i == start:
        return None
    if toks[i - 1][2].lower() in _ARTICLES or toks[i - 1][2].lower() in lexicon.speaker_modifiers():
        i = _noun_run(text, toks, i)  # no head noun yet: "The veteran shipping tycoon"
    return toks[start][0], toks[i - 1][1]


def _noun_run(text: str, toks, i: int) -> int:
    """After an article or a modifier the word lists do not continue ("The billionaire
    businessman began"), take up to four lower-case words up to the first that looks like a verb."""
    verbs = lexicon.speech_verbs()
    n = 0
    while i < len(toks) and n < 4 and toks[i][2].isalpha() and toks[i][2].islower() \
            and not text[toks[i - 1][1]:toks[i][0]].strip():
        low = toks[i][2]
        if low in _AUX or low in verbs or low in _COORD or low in _NOT_NOUNS or (
                low.endswith("ed") and low not in lexicon.speaker_modifiers()):
            break
        i += 1
        n += 1
    return i


# words that end a noun run: common verbs, prepositions and conjunctions
_NOT_NOUNS = {"began", "went", "made", "took", "gave", "got", "came", "did", "does", "do",
              "can", "could", "should", "may", "might", "must", "shall", "spent",
              "kept", "left", "won", "lost", "ran", "sent", "held", "met", "set", "put", "who",
              "which", "that", "of", "in", "on", "at", "to", "for", "with", "by", "from",
              "as", "into", "about", "after", "before", "over", "under", "than", "or", "not"}


def _opens_adverbial(word: str) -> bool:
    """A sentence's first word that opens an adverbial, not a subject ("Shortly",
    "Rallying", "Minutes")."""
    low = word.lower()
    banned = lexicon.not_speakers()
    return (low in banned.get("adverbials", ()) or low in banned["openers"]
            or (len(low) > 4 and low.endswith("ly"))
            or (len(low) > 5 and low.endswith("ing") and word[1:].islower()))


def _speakerish(text: str, span: tuple[int, int] | None) -> bool:
    if span is None:
        return False
    phrase = text[span[0]:span[1]]
    # a long appositive may follow the head ("Tony Ruiz, a security expert at the centre who
    # advised two ministries"); the head itself must be short
    words = _WORD.findall(phrase.split(",")[0])
    if not words or len(words) > 20 or len(_WORD.findall(phrase)) > 60:
        return False
    if any(w[:1].isupper() for w in words):
        return True
    lows = {re.sub(r"['’]s$", "", w.lower()) for w in words}
    return bool(lows & (set(lexicon.pronouns()) | lexicon.speaker_words()
                        | lexicon.speaker_nouns())) or any(_PERSON_PLURAL.fullmatch(w)
                                                           for w in lows)


def _adverbial_at(toks, j: int) -> bool:
    """A word of an adverbial after a speech verb ("on Monday", "in a statement", "on its
    website"); an article counts only between two adverbial words, so that "said the talks
    ..." keeps its "the"."""
    low = toks[j][2].lower()
    if low in _ADVERBIAL:
        return True
    return (low in _ARTICLES and 0 < j < len(toks) - 1
            and toks[j - 1][2].lower() in _ADVERBIAL and toks[j + 1][2].lower() in _ADVERBIAL)


_SUBJECT_PRONOUNS = {"he", "she", "they", "we", "i"}
# "there's", "we're", "it'll": a subject with its verb, so a clause has begun
_CONTRACTED_SUBJECT = re.compile(r"(?i)(?:he|she|they|we|i|it|there|that)['’](?:s|re|ve|ll|d|m)")

# a finite auxiliary after a clause verb: its clause has already begun ("said she must ...")
_CLAUSE_STARTED = {"is", "are", "was", "were", "will", "would", "must", "should", "can",
                   "could", "may", "might", "shall", "does", "did", "has", "have"}


def _content_after(text: str, toks, k: int, nv: int, form: str, end: int) -> int | None:
    """Where a clause verb's reported clause begins, or None when nothing follows."""
    j = k + nv
    if j < len(toks) and "," in text[toks[j - 1][1]:toks[j][0]] \
            and (toks[j][2].lower().endswith("ing") or (toks[j][2].islower()
                                                       and toks[j][2].endswith("ly"))):
        for m in range(j + 1, min(j + 10, len(toks))):
            if toks[m][0] >= end or text[toks[m - 1][1]:toks[m][0]].strip() in (".", ";"):
                break
            if toks[m][2].lower() == "that" and "," in text[toks[m - 1][1]:toks[m][0]]:
                return toks[m][1]  # "saying, seemingly for once, that ..."
        return None  # "X said, adding that ...", "X announced, sharply raising ...": the
        # verb closes an attribution
    told = form.split()[0] in {"told", "tells", "telling", "informed", "asked", "warned",
                               "assured", "reminded"}
    # "that" within reach wins
    for m in range(j, min(j + 14, len(toks))):
        if toks[m][0] >= end:
            break
        if m > j and toks[m - 1][2].lower() in ("and", "but") and (
                (vm := _verb_at(toks, m)) and vm[1] in ("clause", "that")):
            break  # "said the talks went well and added that ...": that is the next verb's
        if m > j and toks[m][2].lower() in _CLAUSE_STARTED:
            break  # "said she must focus on voters that ...": the clause has begun; a relative
        if toks[m][2].lower() in _SUBJECT_PRONOUNS or _CONTRACTED_SUBJECT.fullmatch(toks[m][2]):
            break  # "said he wants an economy that works": the clause began at "he"
        if toks[m][2].lower() == "that" and m + 1 < len(toks) \
                and toks[m + 1][2].lower() in _CLAUSE_STARTED | {"had"} \
                and not text[toks[m][1]:toks[m + 1][0]].strip():
            if m == j:
                return toks[m][0]  # "said that was a mistake": "that" is the subject
            break  # "said the areas that were hacked ...": a relative "that", not the clause's
        if toks[m][2].lower() == "that" and m - 1 > j \
                and toks[m - 1][2].lower() in ("and", "but", "or"):
            break  # "said Berlin shared the concern but that ...": a second "that" clause
        if toks[m][2].lower() == "that":
            gap = text[toks[k][1]:toks[m][0]]
            if "." not in gap and ";" not in gap:
                return toks[m][1]
            break
        if text[toks[m - 1][1]:toks[m][0]].strip() in {",", ";", ":"} and m > j:
            break
    noun_seen = False
    while j < len(toks) and toks[j][0] < end:
        low = toks[j][2].lower()
        if told and noun_seen and low in _ARTICLES:
            break  # "told reporters the bill was ...": the clause starts at "the"
        if _adverbial_at(toks, j) or (told and (low in _RECIPIENTS
                                                 or toks[j][2][:1].isupper())):
            noun_seen = noun_seen or (told and low not in _ARTICLES
                                      and not _adverbial_at(toks, j))
            j += 1
            continue
        if low in {"of", "to", "on", "for", "with"} and j + 1 < len(toks) \
                and toks[j + 1][2][:1].isupper():
            j += 2
            continue
        break
    if j >= len(toks) or toks[j][0] >= end:
        return None
    gap = text[toks[j - 1][1]:toks[j][0]] if j > 0 else ""
    if "," in gap and j > k + nv and toks[j][2].lower().endswith("ing"):
        # ", utilizing the acronym ..." after an attribution is narration, not a clause
        return None
    return toks[j][0]


def _negated(toks, k, text: str | None = None) -> bool:
    """A negation among the three words before the verb ("did not say", "declined to
    comment"); with ``text``, not across punctuation ("declined to comment, saying ...")."""
    for j in range(k - 1, max(0, k - 3) - 1, -1):
        if text is not None and text[toks[j][1]:toks[j + 1][0]].strip():
            return False
        low = toks[j][2].lower()
        if low in _NEGATION or low.endswith("n't") or low.endswith("n’t"):
            return True
    return False


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """First words of multi-word speech verbs ("called" of "called on"), for a quick skip."""
    return frozenset(f.split()[0] for f in lexicon.speech_verbs() if " " in f)


def _bad_speaker(raw: str) -> bool:
    words = _WORD.findall(raw)
    banned = lexicon.not_speakers()
    return not words or words[0].lower() in banned["openers"] or all(
        w.lower() in banned["time"] for w in words)


def repair_speaker(text: str, s: Statement) -> Statement:
    """A speaker phrase that opens with a sentence opener or is only a time word ("When",
    "But Ana Ruiz", "Tuesday") is mended: the opener words are dropped ("As the paper noted"
    -> "the paper"); when nothing is left, the phrase between the opener's comma and the cue
    is taken ("When asked about it, Tyler said" -> "Tyler"); failing that, the speaker is
    unknown (``None``) rather than wrong."""
    raw = s.speaker_raw
    if not raw or not _bad_speaker(raw):
        return s
    openers = lexicon.not_speakers()["openers"]
    words = list(_WORD.finditer(raw))
    while words and words[0].group().lower() in openers:
        words.pop(0)
    if words:
        rest = raw[words[0].start():].strip(" ,")
        if not _bad_speaker(rest):
            return replace(s, speaker_raw=rest)
    lo = max(0, min(s.frame_start if s.frame_start >= 0 else s.start, s.start) - 2)
    hi = max(s.frame_end, s.end) + 400
    i = text.find(raw, lo, hi)
    j = text.find(s.cue, i + len(raw), hi) if (i >= 0 and s.cue) else -1
    new = None
    if i >= 0 and j > i:
        a = text.rfind(",", i, j) + 1 or i
        toks = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, a, j)]
        while toks and toks[0][2].lower() in openers:
            toks.pop(0)
        end = _skip_time(toks, len(toks) - 1, 0)
        if end >= 0:
            span = (toks[0][0], toks[end][1])
            if _speakerish(text, span) and not _bad_speaker(text[span[0]:span[1]]):
                new = text[span[0]:span[1]]
    return replace(s, speaker_raw=new)
