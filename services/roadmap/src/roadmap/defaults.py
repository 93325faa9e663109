"""The shipped default criteria for NAPCI (`napci-criteria.json`): data, read here, never code.

Stages, from the NAPCI brochure (`shared/domain/nea-reference.json`, "roadmap"):
gain_support -> accumulate_practice -> solid_framework.

Tracks: one per open issue area (the traditional `political_military` is locked, so it has no track
until a consensus decision opens it, which `opening` allows once `napci` stands at solid_framework), and
`napci`, the initiative as a whole, whose meetings are the summits (whatever their issue areas: where
leaders express support for the initiative) and meetings tagged with no issue area (none come from the
meetings service, which asks for at least one).

Into accumulate_practice (any of, each since the stage began): the track gained support, or practice began
  - outcomes: 2 `support_expressed` outcomes from 2 distinct members in good standing that attended;
  - meetings_held: 1 Track 1 meeting with at least 3 states attending in good standing;
  - mechanism_expansion: a mechanism of the track (agenda = the issue area) expanded: a member joined it
    after its founding, or it was founded expanding another (TRM -> TRM+) with members the other lacked
    (roadmap.facts.expansions_of; the reference file dates no membership, so its TRM+ does not count).
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

Replaying the 2011-2014 history of the reference file through the meetings API (the gaps filled as
`common.testing.history` says: summits at summit level, meetings without issue areas on NAPCI's agenda
of seven non-traditional areas, the host and listed participants attending; tests/test_history_replay.py)
leaves the tracks:

- napci: accumulate_practice. Support expressed by USA (2013-05) and CHN (2013-06) at summits (ASEAN
  and EU are observers: they attend, and the replay leaves their support out, since the meetings
  service takes outcomes only from members in good standing); no summit with 3 states after that.
- nuclear_safety: accumulate_practice. The same support (the summits were on NAPCI's agenda); the 1st
  TRM+ meeting meets "one Track 1 meeting with 3 states since the stage began", but the reference dates
  both TRM+ meetings "2014": regularity is 1 year of 2.
- energy_security, environment, disaster_relief, cyberspace, transnational_crime, counter_terrorism:
  accumulate_practice. The same support; no meeting with 3 states.
- local_cooperation, trade_facilitation: gain_support. GTI meetings: no support, no 3 states recorded.
- development_finance: gain_support. No meeting.
- political_military: no track. Traditional and locked until opened by a consensus decision.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from roadmap.criteria.document import CriteriaDocument
from roadmap.criteria.domain import parse_document

NAPCI_CRITERIA_FILE = "napci-criteria.json"

# The stage each track holds after replaying the reference history: the table above, for tests.
HISTORY_STAGES: dict[str, str] = {
    "napci": "accumulate_practice",
    "nuclear_safety": "accumulate_practice",
    "energy_security": "accumulate_practice",
    "environment": "accumulate_practice",
    "disaster_relief": "accumulate_practice",
    "cyberspace": "accumulate_practice",
    "transnational_crime": "accumulate_practice",
    "counter_terrorism": "accumulate_practice",
    "local_cooperation": "gain_support",
    "trade_facilitation": "gain_support",
    "development_finance": "gain_support",
}


def napci_criteria_json() -> dict[str, Any]:
    """The default NAPCI criteria as shipped: also the example of the document `PUT .../criteria` takes."""
    raw: dict[str, Any] = json.loads(
        files("roadmap").joinpath(NAPCI_CRITERIA_FILE).read_text(encoding="utf-8")
    )
    return raw


def napci_criteria() -> CriteriaDocument:
    """The default NAPCI criteria, version 1."""
    return parse_document(napci_criteria_json())
