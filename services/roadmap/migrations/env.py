from common.migrations import run_migrations
from roadmap.models import Base

run_migrations(Base.metadata)
