"""Places named inside an organisation's name (stage `places.IN_NAME`, issue 14): TR-News marks them as toponyms
("Kentucky State Police", "University of Manitoba", "CTV Winnipeg"), GeoVirus does not; eventwire keeps them as
mentions that help place the article's other names and never as an event's place."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from eventwire.stages.places import IN_NAME, NAME, find_places  # noqa: E402


def make_doc(nlp, tokens: list[tuple[str, str, str]]):
    """tokens: (word, fine-grained tag, IOB entity tag); one sentence."""
    from spacy.tokens import Doc

    words = [w for w, _, _ in tokens]
    spaces = [i + 1 < len(words) and words[i + 1] not in {".", ","} for i in range(len(words))]
    return Doc(nlp.vocab, words=words, spaces=spaces, tags=[t for _, t, _ in tokens],
               ents=[e for _, _, e in tokens], sent_starts=[i == 0 for i in range(len(words))])


def found(doc) -> dict[str, tuple[str, str | None, str]]:
    return {p.text: (p.stage, p.country, p.feature) for p in find_places(doc)}


@pytest.mark.parametrize("tokens,name,country", [
    # a division before the body's words
    ([("Kentucky", "NNP", "B-ORG"), ("State", "NNP", "I-ORG"), ("Police", "NNP", "I-ORG"), ("said", "VBD", "O")],
     "Kentucky", "USA"),
    # after "of" inside the name
    ([("a", "DT", "O"), ("professor", "NN", "O"), ("at", "IN", "O"), ("the", "DT", "B-ORG"),
      ("University", "NNP", "I-ORG"), ("of", "IN", "I-ORG"), ("Manitoba", "NNP", "I-ORG"), ("said", "VBD", "O")],
     "Manitoba", "CAN"),
    # a broadcaster's city desk
    ([("he", "PRP", "O"), ("told", "VBD", "O"), ("CTV", "NNP", "B-ORG"), ("Winnipeg", "NNP", "I-ORG"),
      (".", ".", "O")], "Winnipeg", "CAN"),
    # a country inside an armed group's name
    ([("the", "DT", "O"), ("Sudan", "NNP", "B-ORG"), ("Liberation", "NNP", "I-ORG"), ("Army", "NNP", "I-ORG"),
      ("attacked", "VBD", "O")], "Sudan", "SDN"),
])
def test_place_inside_an_organisations_name(nlp, tokens, name, country) -> None:
    got = found(make_doc(nlp, tokens))
    assert got[name][:2] == (IN_NAME, country)


@pytest.mark.parametrize("tokens", [
    # a person's name is no place ("Jack London")
    [("Jack", "NNP", "B-PERSON"), ("London", "NNP", "I-PERSON"), ("wrote", "VBD", "O")],
    # a small town inside a name is more often a firm's or a person's ("Bantam Superior Court")
    [("in", "IN", "O"), ("Bantam", "NNP", "B-ORG"), ("Superior", "NNP", "I-ORG"), ("Court", "NNP", "I-ORG")],
    # no gazetteer name at all
    [("Human", "NNP", "B-ORG"), ("Rights", "NNP", "I-ORG"), ("Watch", "NNP", "I-ORG"), ("said", "VBD", "O")],
])
def test_no_place_inside_other_names(nlp, tokens) -> None:
    assert found(make_doc(nlp, tokens)) == {}


def test_a_name_inside_an_organisation_places_the_others(nlp) -> None:
    """The body's division is evidence for the article's other names: Glasgow, Kentucky, not Scotland."""
    doc = nlp("Kentucky State Police say Dale Hensley, 41, of Glasgow was charged after a crash.")
    got = found(doc)
    assert got["Kentucky"][0] == IN_NAME
    assert got["Glasgow"] == (NAME, "USA", "city")


def test_never_an_events_place() -> None:
    """The event of "Kentucky State Police arrested ... in Glasgow" happened in Glasgow, and one whose sentence names
    no other place is not placed in the body's division."""
    from eventwire.pipeline import extract

    ann = extract("Kentucky State Police arrested a man in Glasgow on Tuesday after a shooting at a bar.",
                  published="2017-04-12")
    assert any(p.stage == IN_NAME for p in ann.places)
    assert ann.events
    for ev in ann.events:
        assert ev.location is None or ev.location.stage != IN_NAME


def test_geovirus_scorer_leaves_names_inside_organisations_out(nlp, tmp_path) -> None:
    """GeoVirus marks literal place names only: a place inside an organisation's name is not scored there."""
    from eventwire.evaluation.geovirus import evaluate_geovirus

    text = "Kentucky State Police said the outbreak reached Louisville."
    s = text.index("Louisville") + 1  # GeoVirus offsets are one too high
    xml = (f"<articles><article><source>x</source><text>{text}</text><locations><location><name>Louisville</name>"
           f"<start>{s}</start><end>{s + 10}</end><lat>38.25</lat><lon>-85.76</lon><page>p</page></location>"
           "</locations></article></articles>")
    path = tmp_path / "gv.xml"
    path.write_text(xml, encoding="utf-8")
    m = evaluate_geovirus(path, nlp=nlp)["metrics"]
    assert m["in_name_left_out"] == 1
    assert m["predicted"] == 1 and m["recognition_precision"] == 1.0


def make_sents(nlp, sents: list[list[tuple[str, str, str]]]):
    """Several sentences of (word, tag, IOB entity tag) tokens, in one Doc."""
    from spacy.tokens import Doc

    tokens = [t for s in sents for t in s]
    starts = [k == 0 for s in sents for k in range(len(s))]
    words = [w for w, _, _ in tokens]
    spaces = [i + 1 < len(words) and words[i + 1] not in {".", ",", "'s"} for i in range(len(words))]
    return Doc(nlp.vocab, words=words, spaces=spaces, tags=[t for _, t, _ in tokens],
               ents=[e for _, _, e in tokens], sent_starts=starts)


def test_a_county_inside_a_bodys_name(nlp) -> None:
    """A county named with its unit word inside a longer name is kept whatever its size (places.yaml
    `in_name_units`, v14): "the Pike County Sheriff's Office" serves Pike County."""
    doc = make_doc(nlp, [("the", "DT", "O"), ("Pike", "NNP", "B-ORG"), ("County", "NNP", "I-ORG"),
                         ("Sheriff", "NNP", "I-ORG"), ("'s", "POS", "I-ORG"), ("Office", "NNP", "I-ORG"),
                         ("said", "VBD", "O")])
    got = found(doc)
    assert got["Pike County"][0] == IN_NAME and got["Pike County"][1:] == ("USA", "admin2")


def test_a_small_town_inside_a_name_when_the_article_places_it(nlp) -> None:
    """A town under IN_NAME_MIN_POP inside a longer name is kept where the article names it as a place elsewhere
    (one sense per discourse, v14): "a fire in Hinesville ... the Hinesville Police Department"."""
    first = [("A", "DT", "O"), ("fire", "NN", "O"), ("broke", "VBD", "O"), ("out", "RP", "O"), ("in", "IN", "O"),
             ("Hinesville", "NNP", "B-GPE"), (".", ".", "O")]
    second = [("The", "DT", "O"), ("Hinesville", "NNP", "B-ORG"), ("Police", "NNP", "I-ORG"),
              ("Department", "NNP", "I-ORG"), ("said", "VBD", "O"), ("nobody", "NN", "O"), ("was", "VBD", "O"),
              ("hurt", "VBN", "O"), (".", ".", "O")]
    places = [p for p in find_places(make_sents(nlp, [first, second])) if p.text == "Hinesville"]
    assert [p.stage for p in places] == [NAME, IN_NAME]
    # alone, the body's name is no ground for the town
    assert found(make_sents(nlp, [second])) == {}


def test_a_name_tagged_as_a_person_that_the_article_places_elsewhere(nlp) -> None:
    """A name the tagger takes for a person, with no locative word before it, is the place the article names so
    elsewhere: "Storms hit Ocala. [Ocala]PERSON was without power" (v14)."""
    first = [("Storms", "NNS", "O"), ("hit", "VBD", "O"), ("homes", "NNS", "O"), ("in", "IN", "O"),
             ("Ocala", "NNP", "B-GPE"), (".", ".", "O")]
    second = [("Ocala", "NNP", "B-PERSON"), ("was", "VBD", "O"), ("without", "IN", "O"), ("power", "NN", "O"),
              (".", ".", "O")]
    got = [(p.text, p.stage, p.country) for p in find_places(make_sents(nlp, [first, second]))]
    assert got == [("Ocala", NAME, "USA"), ("Ocala", NAME, "USA")]
    assert found(make_sents(nlp, [second])) == {}


def test_no_echo_of_a_name_that_only_of_leads_to(nlp) -> None:
    """"of" alone makes no place of a name: an untagged "the coach of Tavistock" does not make "[Tavistock]PERSON
    said" a town."""
    first = [("the", "DT", "O"), ("coach", "NN", "O"), ("of", "IN", "O"), ("Tavistock", "NNP", "O"),
             (".", ".", "O")]
    second = [("Tavistock", "NNP", "B-PERSON"), ("said", "VBD", "O"), ("nothing", "NN", "O"), (".", ".", "O")]
    got = [p.text for p in find_places(make_sents(nlp, [first, second]))]
    assert got.count("Tavistock") <= 1


def test_a_small_namesake_inside_a_name_when_the_article_places_it(nlp) -> None:
    """The article's reading of a name holds inside a longer name too: "in Plymouth, Indiana ... the Plymouth Police
    Department" is the Indiana town, under IN_NAME_MIN_POP, kept as the literal mention is (v14)."""
    first = [("A", "DT", "O"), ("man", "NN", "O"), ("was", "VBD", "O"), ("hurt", "VBN", "O"), ("in", "IN", "O"),
             ("Plymouth", "NNP", "B-GPE"), (",", ",", "O"), ("Indiana", "NNP", "B-GPE"), (".", ".", "O")]
    second = [("The", "DT", "O"), ("Plymouth", "NNP", "B-ORG"), ("Police", "NNP", "I-ORG"),
              ("Department", "NNP", "I-ORG"), ("said", "VBD", "O"), ("nothing", "NN", "O"), (".", ".", "O")]
    places = [(p.stage, p.country, p.admin1) for p in find_places(make_sents(nlp, [first, second]))
              if p.text == "Plymouth"]
    assert len(places) == 2 and places[1][0] == IN_NAME and places[0][1:] == places[1][1:] == ("USA", places[0][2])
