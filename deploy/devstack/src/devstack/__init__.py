"""Native launcher for the nea-coop stack: Kafka (KRaft), PostgreSQL and the four services, without Docker."""
