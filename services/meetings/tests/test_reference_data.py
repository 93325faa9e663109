"""A venue's country and time zone are real reference data: an assigned ISO 3166-1 alpha-3 code (from
pycountry, not a list kept by hand) and an IANA time zone name. The request bodies alone, no stack."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from meetings.schemas import MeetingCreate, MeetingUpdate
from support.meetings import meeting_body


def fields_refused(model: type[MeetingCreate] | type[MeetingUpdate], body: dict[str, Any]) -> set[str]:
    with pytest.raises(ValidationError) as refused:
        model.model_validate(body)
    return {".".join(str(part) for part in error["loc"]) for error in refused.value.errors()}


@pytest.mark.parametrize("code", ["KOR", "PRK", "MNG", "USA", "TWN"])
def test_an_assigned_alpha_3_code_is_a_venue_country(code: str) -> None:
    assert MeetingCreate.model_validate(meeting_body("KOR", ["a"], country_code=code)).country_code == code
    assert MeetingUpdate.model_validate({"country_code": code}).country_code == code


@pytest.mark.parametrize("code", ["ZZZ", "XXX", "AAA", "EUR"])
def test_three_capitals_that_iso_3166_did_not_assign_are_refused_naming_the_field(code: str) -> None:
    assert fields_refused(MeetingCreate, meeting_body("KOR", ["a"], country_code=code)) == {"country_code"}
    assert fields_refused(MeetingUpdate, {"country_code": code}) == {"country_code"}


@pytest.mark.parametrize("code", ["KR", "kor", "Korea"])
def test_anything_but_three_capitals_is_refused_too(code: str) -> None:
    assert fields_refused(MeetingCreate, meeting_body("KOR", ["a"], country_code=code)) == {"country_code"}


@pytest.mark.parametrize("zone", ["Asia/Seoul", "Asia/Ulaanbaatar", "Europe/Moscow", "UTC"])
def test_an_iana_name_is_a_time_zone(zone: str) -> None:
    assert MeetingCreate.model_validate(meeting_body("KOR", ["a"], time_zone=zone)).time_zone == zone
    assert MeetingUpdate.model_validate({"time_zone": zone}).time_zone == zone


@pytest.mark.parametrize(
    "zone",
    # ZoneInfo() opens the first four (copies, a leap-second variant, this machine's alias); none is IANA's.
    [
        "posix/Asia/Seoul",
        "right/Asia/Seoul",
        "posixrules",
        "localtime",
        "Asia/Atlantis",
        "asia/seoul",
        "+09:00",
    ],
)
def test_anything_but_an_iana_name_is_refused_as_a_time_zone_naming_the_field(zone: str) -> None:
    assert fields_refused(MeetingCreate, meeting_body("KOR", ["a"], time_zone=zone)) == {"time_zone"}
    assert fields_refused(MeetingUpdate, {"time_zone": zone}) == {"time_zone"}
