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
    doc = nlp("Kentucky State Police say William Goble, 26, of Glasgow was arrested after a shooting.")
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
