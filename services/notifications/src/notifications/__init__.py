"""The notifications service: subscriptions, their deliveries (webhook, email, inbox) and the inbox.

Each aggregate is a package with the same files: `subscriptions/`, `deliveries/` (with fan-out and the
dispatcher) and `inbox/`. The channels stay at the top, beside them (`outbound.py`, `webhooks.py`,
`signing.py`, `email.py`, `rendering.py`): subscriptions use them when one is made (a URL checked, a
secret generated) as deliveries do when one is sent (signed, posted, mailed, rendered), and they hold no
rule of either, so putting them under one package would have the other reach into it.
"""
