"""A delivery that becomes due wakes the dispatcher when its transaction commits, as a recorded event wakes
the outbox relay (issue 15, item 3): recorded (fan-out, a replay, a dead delivery's notice) or made
pending again (a redelivery, a replay).

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# notifications.deliveries.repository.DELIVERIES_CHANNEL, frozen here.
CHANNEL = "neacoop_deliveries"


def upgrade() -> None:
    op.execute(
        f"""CREATE FUNCTION deliveries_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_notify('{CHANNEL}', ''); RETURN NULL; END $$"""
    )
    # Once per statement: a fan-out's bulk insert notifies once, not once per delivery.
    op.execute(
        "CREATE TRIGGER deliveries_recorded AFTER INSERT ON deliveries"
        " FOR EACH STATEMENT EXECUTE FUNCTION deliveries_notify()"
    )
    # Per row, for the WHEN clause: the dispatcher's own updates (leases, outcomes) wake nobody. Identical
    # notifications of one transaction are delivered once.
    op.execute(
        "CREATE TRIGGER deliveries_due_again AFTER UPDATE OF status ON deliveries FOR EACH ROW"
        " WHEN (NEW.status = 'pending' AND OLD.status IS DISTINCT FROM 'pending')"
        " EXECUTE FUNCTION deliveries_notify()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER deliveries_due_again ON deliveries")
    op.execute("DROP TRIGGER deliveries_recorded ON deliveries")
    op.execute("DROP FUNCTION deliveries_notify()")
