"""Text in the languages of the region: en, ko, ja, zh, ru, mn. English is always present, and is the
fallback wherever a reader's language is missing."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from common.contracts.registry import LANGUAGES
from common.limits import NOT_BLANK, TITLE_MAX_LENGTH


def _english_and_known_languages(texts: dict[str, str]) -> dict[str, str]:
    unknown = sorted(set(texts) - set(LANGUAGES))
    if unknown:
        raise ValueError(f"unknown language {', '.join(unknown)}; use {', '.join(LANGUAGES)}")
    if not texts.get("en", "").strip():
        raise ValueError("an English text ('en') is required")
    # In the order PostgreSQL's jsonb keeps them (by length, then bytewise; every code has two letters), so
    # the answer to a write, built from what was just stored rather than read back, reads as later reads do.
    return {language: text.strip() for language, text in sorted(texts.items()) if text.strip()}


Multilingual = Annotated[
    # The keys are checked by the validator, whose message names the known languages.
    dict[str, Annotated[str, StringConstraints(max_length=TITLE_MAX_LENGTH)]],
    AfterValidator(_english_and_known_languages),
    Field(
        description=f"Text by language (en, ko, ja, zh, ru, mn), each at most {TITLE_MAX_LENGTH} characters; "
        "English required",
        examples=[{"en": "Japan"}],
        json_schema_extra={
            "propertyNames": {"enum": list(LANGUAGES)},
            "maxProperties": len(LANGUAGES),
            # What the validator requires: an English text with more than white space (and, as every
            # string, no NUL: common.text).
            "required": ["en"],
            "properties": {
                "en": {
                    "type": "string",
                    "maxLength": TITLE_MAX_LENGTH,
                    "pattern": NOT_BLANK,
                }
            },
        },
    ),
]


def in_language(texts: dict[str, str], language: str) -> str:
    return texts.get(language) or texts["en"]
