from common.migrations import run_migrations
from registry.models import Base

run_migrations(Base.metadata)
