"""Kafka's security settings are refused at start-up, naming the setting, when they cannot work together."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from common.config import KafkaSettings


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"kafka_security_protocol": "SASL_SSL"}, "needs NEACOOP_KAFKA_SASL_MECHANISM"),
        (
            {
                "kafka_security_protocol": "SASL_PLAINTEXT",
                "kafka_sasl_mechanism": "PLAIN",
                "kafka_sasl_username": "u",
            },
            "needs NEACOOP_KAFKA_SASL_PASSWORD",
        ),
        ({"kafka_sasl_username": "u"}, "NEACOOP_KAFKA_SECURITY_PROTOCOL=PLAINTEXT does not use SASL"),
        ({"kafka_ssl_cafile": "/etc/hostname"}, "does not use TLS"),
        ({"kafka_security_protocol": "SSL", "kafka_ssl_certfile": "/etc/hostname"}, "go together"),
        ({"kafka_security_protocol": "SSL", "kafka_ssl_cafile": "/nowhere/ca.pem"}, "no such file"),
    ],
)
def test_incomplete_security_settings_are_refused_at_start_up_naming_the_setting(
    settings: dict[str, str], named: str
) -> None:
    with pytest.raises(ValidationError, match=named):
        KafkaSettings(service_name="probe", **settings)  # type: ignore[arg-type]


def test_an_empty_optional_setting_as_compose_passes_it_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "SASL_MECHANISM",
        "SASL_USERNAME",
        "SASL_PASSWORD",
        "SSL_CAFILE",
        "SSL_CERTFILE",
        "SSL_KEYFILE",
    ):
        monkeypatch.setenv(f"NEACOOP_KAFKA_{name}", "")
    settings = KafkaSettings(service_name="probe")
    assert settings.kafka_sasl_username is None
    assert settings.kafka_ssl_cafile is None
