#!/bin/bash
# As the distribution's script of that name: docker-compose.yml's healthcheck of the broker.
exec kafka-run-class org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
