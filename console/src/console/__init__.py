"""The cooperation console: a static page and a forwarder to the services' APIs, on one origin."""
