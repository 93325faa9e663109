"""`python -m roadmap.criteria`: regenerate the published schema, `criteria.schema.json`."""

from roadmap.criteria.domain import write_schema

write_schema()
