"""The shipped default criteria for NAPCI (`napci-criteria.json`): data, read here, never code.

Stages, from the NAPCI brochure (`shared/domain/nea-reference.json`, "roadmap"):
gain_support -> accumulate_practice -> solid_framework.

Tracks: one per issue area (the traditional `political_military` excluded: it opens only by a
consensus decision from the framework stage), and `napci`, the initiative as a whole, whose meetings
are those tagged with no issue area (summits and Track 1.5 conferences on NAPCI itself).

Into accumulate_practice (any of, each since the stage began): the track gained support, or practice began
  - outcomes: 2 `support_expressed` outcomes from 2 distinct members in good standing that attended;
  - meetings_held: 1 Track 1 meeting with at least 3 states attending in good standing;
  - mechanism_expansion: a mechanism of the track (agenda = the issue area) gained a member (TRM -> TRM+).
Into solid_framework (all of): cooperation held on a regular basis
  - meetings_held: 1 Track 1 meeting with at least 3 states attending in good standing, since the
    stage began (so never the meeting that opened accumulate_practice);
  - regularity: meetings with at least 3 states attending in good standing in at least 2 distinct
    calendar years within the last 1096 days (three years). This rolling window deliberately looks
    back into the previous stage: "regular" means across years, whichever stage they fell in.

The TRM+ example (mechanism TRM+, nuclear_safety, Track 1, KOR JPN CHN USA RUS attending as
participants), held 2013-10 and 2014-05, advances the nuclear_safety track twice:
  - the 1st TRM+ meeting meets `advancement.accumulate_practice.criteria[1]` (a Track 1 meeting with
    5 >= 3 states): gain_support -> accumulate_practice, the stage beginning after that meeting;
  - the 2nd TRM+ meeting meets `advancement.solid_framework.criteria[0]` (the one Track 1 meeting since
    the stage began) and, with the 1st, `criteria[1]` (2013 and 2014: two years within three):
    accumulate_practice -> solid_framework. The explanation lists both meetings.
A meeting attended only by observers, or by members not in good standing, meets neither.

Replaying the 2011-2014 history of the reference file (each entry a held meeting on the first day of
the month or year it gives; Track 1 where it gives none; the listed participants and the host attending
with their reference kind and status; outcomes of types the meetings service knows) leaves the tracks:

| track               | stage               | why                                                            |
|---------------------|---------------------|---------------------------------------------------------------|
| napci               | accumulate_practice | support_expressed by USA (2013-05) and CHN (2013-06) at summit |
|                     |                     | (ASEAN and EU, observers, do not count); no later meeting with |
|                     |                     | 3 states                                                       |
| nuclear_safety      | accumulate_practice | 1st TRM+ (2014, 5 states); the 2nd TRM+ is in the same year, s |
|                     |                     | regularity is 1 of 2 years                                     |
| energy_security     | gain_support        | forums hosted by KOR; no 3 states recorded, no support         |
| environment         | gain_support        | NEASPEC meeting without recorded attendees                     |
| cyberspace          | gain_support        | Seoul Conference hosted by KOR only                            |
| local_cooperation   | gain_support        | GTI meetings without recorded attendees                        |
| trade_facilitation  | gain_support        | GTI-TFC meetings without recorded attendees                    |
| disaster_relief     | gain_support        | no meeting                                                     |
| transnational_crime | gain_support        | no meeting                                                     |
| counter_terrorism   | gain_support        | no meeting                                                     |
| development_finance | gain_support        | no meeting                                                     |
| political_military  | (no track)          | traditional, excluded until opened by consensus                |
"""

from __future__ import annotations

import json
from importlib.resources import files

from roadmap.criteria import CriteriaDocument, parse_document

NAPCI_CRITERIA_FILE = "napci-criteria.json"

# The stage each track holds after replaying the reference history: the table above, for tests.
HISTORY_STAGES: dict[str, str] = {
    "napci": "accumulate_practice",
    "nuclear_safety": "accumulate_practice",
    "energy_security": "gain_support",
    "environment": "gain_support",
    "cyberspace": "gain_support",
    "local_cooperation": "gain_support",
    "trade_facilitation": "gain_support",
    "disaster_relief": "gain_support",
    "transnational_crime": "gain_support",
    "counter_terrorism": "gain_support",
    "development_finance": "gain_support",
}


def napci_criteria() -> CriteriaDocument:
    """The default NAPCI criteria, version 1."""
    raw = json.loads(files("roadmap").joinpath(NAPCI_CRITERIA_FILE).read_text(encoding="utf-8"))
    return parse_document(raw)
