"""Event dates (issue 8 section 4): each event gets its own date; background events their
own or none, never the publication date.  Sentences written for comity."""

from __future__ import annotations

from datetime import date

import pytest

from comity.extract.dates import event_date
from comity.extract.pipeline import extract_text

THU = date(2019, 11, 7)  # a Thursday


@pytest.mark.parametrize(("sentence", "trigger", "expected", "precision", "background"), [
    # weekdays: the latest such day on or before publication, the next one in the future
    ("Iran and Iraq signed a border accord on Tuesday.", "signed", date(2019, 11, 5), "day",
     False),
    ("The foreign ministers will meet in Doha on Monday.", "meet", date(2019, 11, 11), "day",
     False),
    ("Kenya recalled its envoy last Thursday.", "recalled", date(2019, 10, 31), "day", False),
    ("Ghana and Togo held talks on Thursday.", "held", THU, "day", False),
    # relative expressions
    ("The delegation arrives in Baku tomorrow.", "arrives", date(2019, 11, 8), "day", False),
    ("Chile expelled two diplomats yesterday.", "expelled", date(2019, 11, 6), "day", False),
    ("Peru and Bolivia agreed last month to reopen the crossing.", "agreed",
     date(2019, 10, 1), "month", False),
    ("The envoys are to meet again next week.", "meet", date(2019, 11, 14), "approximate",
     False),
    ("Three days ago Sudan closed the border with Chad.", "closed", date(2019, 11, 4), "day",
     False),
    # explicit dates, a month without a year
    ("Oman and Yemen signed the memorandum on 3 March 2018.", "signed", date(2018, 3, 3),
     "day", False),
    ("The pact was drafted in 2015 and ratified by both parliaments in May.", "ratified",
     date(2019, 5, 1), "month", False),
    ("Parliament will vote on the treaty in January.", "vote", date(2020, 1, 1), "month",
     False),
    # background: its own date or none
    ("Modi visited Dhaka on Wednesday, the first Indian leader to go there since a trip by "
     "Singh in 2011.", "visited", date(2019, 11, 6), "day", False),
    ("Twelve days earlier, the militia had shelled a Syrian army post.", "shelled",
     date(2019, 10, 26), "approximate", True),
    ("The neighbours renewed the water treaty nearly a decade after they first signed it in "
     "2010.", "renewed", THU, "day", False),
    ("The neighbours renewed the water treaty nearly a decade after they first signed it in "
     "2010.", "signed", date(2010, 1, 1), "year", True),
    ("The neighbours renewed the water treaty years after they first signed it.", "signed",
     None, "approximate", True),
    ("Relations have been frosty since they clashed over the dam.", "clashed", None,
     "approximate", True),
    # reported speech in the pluperfect is the news, not background
    ("Nepal said it had summoned the Indian ambassador.", "summoned", THU, "day", False),
])
def test_event_date(sentence, trigger, expected, precision, background):
    r = event_date(sentence, THU, at=sentence.index(trigger))
    assert (r.date, r.precision, r.background) == (expected, precision, background)


def test_no_publication_date_and_no_expression_is_undated():
    assert event_date("Iran and Iraq signed an accord.", None, at=14).date is None


def test_background_event_never_takes_the_publication_date():
    text = ("Russian Prime Minister Dmitry Medvedev met Prime Minister Imran Khan in "
            "Islamabad on Tuesday. Medvedev is the first Russian premier to visit Pakistan "
            "since talks held by Mikhail Fradkov in 2007.")
    events = extract_text(text, THU)
    assert events, "the meeting must be found"
    for ev in events:
        assert ev.date in (date(2019, 11, 5), date(2007, 1, 1), None), ev
    assert any(ev.date == date(2019, 11, 5) for ev in events)


def test_later_sentences_about_the_meeting_share_its_date():
    text = ("Pakistan's foreign minister met the Chinese foreign minister in Beijing on "
            "Monday. The two sides agreed to expand trade through the economic corridor.")
    events = extract_text(text, THU)
    dated = {(e.plover_type, e.date) for e in events}
    assert ("CONSULT", date(2019, 11, 4)) in dated
    assert ("AGREE", date(2019, 11, 4)) in dated
    assert all(e.date != date(2019, 11, 8) for e in events)
