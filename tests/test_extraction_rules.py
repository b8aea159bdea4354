"""One test per construction of real reporting that extraction handles (examples written for
the project; the constructions are the ones PolNeAR measures)."""

from stance.extraction import extract

HEAD = "Ministers meet\n\n"


def one(text: str):
    found = extract(HEAD + text)
    assert len(found) == 1, [(s.text, s.speaker_raw) for s in found]
    return found[0]


def test_common_source_nouns_make_a_speaker():
    s = one("Trade specialists say the tariff will hurt exporters in the north.")
    assert s.speaker_raw == "Trade specialists"
    assert s.text == "the tariff will hurt exporters in the north"


def test_lower_case_modifiers_inside_a_speaker_phrase():
    s = one('"The border will stay shut," said a longtime adviser to the president.')
    assert s.speaker_raw.startswith("a longtime adviser")


def test_appositive_subject_after_an_opening_adverbial():
    s = one("Still, Ana Ruiz, a senior adviser to the mayor, said on Tuesday that the "
            "city would not pay the fine.")
    assert s.speaker_raw.startswith("Ana Ruiz")
    assert s.text == "the city would not pay the fine"


def test_inflections_of_speech_verbs():
    s = one("The envoy suggests the ceasefire could hold through the winter.")
    assert s.cue == "suggests" and s.speaker_raw == "The envoy"


def test_according_to_with_a_long_source():
    s = one("Turnout fell to its lowest level in two decades, according to preliminary "
            "returns published overnight by the electoral board.")
    assert s.cue == "according to"
    assert s.speaker_raw == "preliminary returns published overnight by the electoral board"


def test_relative_attribution():
    found = extract(HEAD + "The talks were praised by Lima and by Quito, which says the "
                           "accord is a historic step.")
    (s,) = [x for x in found if x.cue == "says"]
    assert s.speaker_raw == "Quito" and s.text == "the accord is a historic step"


def test_two_apostrophes_as_quote_marks():
    s = one("''We will not sign this deal,'' Tomas Varga, the deputy minister, said.")
    assert s.kind == "direct" and s.text == "We will not sign this deal"
    assert s.speaker_raw == "Tomas Varga, the deputy minister"


def test_trailing_attribution_with_a_long_appositive():
    s = one("The deal would leave the island without a navy for a decade, said Bob Lane, a "
            "Democratic pollster and consultant.")
    assert s.speaker_raw == "Bob Lane, a Democratic pollster and consultant"
    assert s.text.startswith("The deal would leave")
