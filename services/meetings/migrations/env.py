from common.migrations import run_migrations
from meetings.models import Base

run_migrations(Base.metadata)
