"""What the tests share and the services do not ship: publishers that stand in for the other services on
the bus, factories of request bodies, the webhook receiver and mail server of the notifications tests.

One module (or package) per service. It lives outside every `src` tree so that no installed package
carries test code or its dev-only dependencies; `pythonpath` (pytest) and `mypy_path` (mypy) in
pyproject.toml put this directory on the path of every test tree.
"""
