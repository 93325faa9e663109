"""A client for the nea-coop HTTP APIs, one package per service, generated from docs/openapi/<service>.json:

- `nea_coop_client.registry`: members, mechanisms, issue areas, partner clients;
- `nea_coop_client.meetings`: meetings, participants, attendance and outcomes;
- `nea_coop_client.roadmap`: the staged roadmap, its criteria and decisions;
- `nea_coop_client.notifications`: subscriptions, deliveries and the inbox.

Each has its own `AuthenticatedClient` (`token=` is the `<client id>.<secret>` the registry gave you) and
a `Problem` model for every refusal. Do not edit the service packages: `make client` regenerates them.
"""
