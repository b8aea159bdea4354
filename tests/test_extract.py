from pathlib import Path

import pytest

from stance.extraction import extract

ARTICLES = sorted((Path(__file__).resolve().parent.parent / "data" / "articles").glob("*.txt"))


def one(text):
    found = extract(text)
    assert len(found) == 1, [s.text for s in found]
    return found[0]


@pytest.mark.parametrize("open_, close", [("“", "”"), ("‘", "’"), ('"', '"'), ("'", "'"),
                                          ("«", "»"), ("„", "“")])
def test_direct_quote_in_every_style(open_, close):
    text = (f"Talks resumed in Geneva.\n{open_}We will never accept this decision, and we will "
            f"respond,{close} Foreign Minister Hakan Fidan said on Monday.")
    s = one(text)
    assert s.kind == "direct"
    assert s.text == "We will never accept this decision, and we will respond"
    assert "Hakan Fidan" in s.speaker_raw


def test_offsets_point_into_the_text():
    for path in ARTICLES:
        text = path.read_text(encoding="utf-8")
        for s in extract(text):
            assert text[s.start:s.end] == s.text


def test_interrupted_quote_gives_two_statements_with_one_speaker():
    text = ("Headline here\n“The shelling must stop,” the envoy said. “Civilians are paying "
            "the price for this war.”")
    found = extract(text)
    assert [s.text for s in found] == ["The shelling must stop",
                                       "Civilians are paying the price for this war"]
    assert {s.speaker_raw for s in found} == {"the envoy"}


def test_quote_continued_over_paragraphs_is_one_statement():
    text = ("Headline\nPrime Minister Kristersson said: “We have seen the footage and we know "
            "what it shows.\n“We will take every step needed to protect our cables.”\n"
            "Markets were calm.")
    found = extract(text)
    assert len(found) == 1
    assert found[0].text.startswith("We have seen the footage")
    assert found[0].text.endswith("protect our cables")


def test_scare_quotes_belong_to_the_reported_statement():
    s = one("Headline\nMoscow dismissed the reports as “fake news” and a provocation.")
    assert s.kind == "reported"
    assert s.text.startswith("Moscow dismissed")
    assert "“fake news”" in s.text


def test_reported_speech_with_that_clause_and_trailing_attribution():
    found = extract("Headline\nThe ministry said that the talks had collapsed over the weekend. "
                    "Ten drones were shot down overnight, the army announced.")
    assert [s.text for s in found] == ["the talks had collapsed over the weekend",
                                       "Ten drones were shot down overnight"]
    assert [s.speaker_raw for s in found] == ["The ministry", "the army"]


def test_machine_reworded_verbs_are_speech_verbs():
    s = one("Headline\nLavrov shrugged off the criticism and famous that the two states signed "
            "a pact last June.")
    assert s.speaker_raw == "Lavrov"


def test_according_to():
    s = one("Headline\nAccording to the foreign ministry, the ambassador was summoned on Friday.")
    assert s.text == "the ambassador was summoned on Friday"


def test_negated_speech_verb_is_not_a_statement_but_the_next_verb_is():
    s = one("Headline\nPutin has not denied that troops are there and said it was an internal "
            "matter.")
    assert s.text == "it was an internal matter"


def test_nested_attribution_goes_to_the_inner_speaker():
    s = one("Headline\nThe agency reported that President Lee had told a cabinet meeting that "
            "the country must prepare countermeasures.")
    assert s.speaker_raw == "President Lee"
    assert s.text == "the country must prepare countermeasures"


def test_headline_caption_and_narration_are_not_statements():
    text = ("Minister says talks will resume\n"
            "Photo: the minister said nothing at the airport.\n"
            "Fighting continued along the border as the illegal strikes went on.")
    assert extract(text) == []


def test_dateline_is_not_part_of_a_statement():
    s = one("Headline\nGENEVA, March 4 – Civilians must be protected, the spokesperson said.")
    assert s.text == "Civilians must be protected"


def test_no_statements_is_an_empty_list():
    assert extract("Just a headline") == []


def test_speech_verbs_are_listed_once():
    from stance.lexicon import _lines

    forms = [ln.split("\t")[0] for ln in _lines("speech_verbs.tsv")[1:]]
    assert len(forms) == len(set(forms))


def test_adding_that_after_a_trailing_attribution_is_a_second_statement():
    found = extract("Headline\nThe strikes were a grave breach of the truce, the spokesman said, "
                    "adding that the council would meet on Friday.")
    assert [s.text for s in found] == ["The strikes were a grave breach of the truce",
                                       "the council would meet on Friday"]
    assert {s.speaker_raw for s in found} == {"the spokesman"}


def test_long_appositive_after_a_quote_and_participial_appositive():
    found = extract('Headline\n"Our missions are lawful," said Commodore Jay Tarriela, the '
                    "Philippine Coast Guard spokesman for the West Philippine Sea.\nPrime "
                    "Minister Abiy Ahmed, speaking at the dam site, said the project was a shared "
                    "opportunity.")
    assert [s.speaker_raw.split(",")[0] for s in found] == ["Commodore Jay Tarriela",
                                                            "Prime Minister Abiy Ahmed"]
