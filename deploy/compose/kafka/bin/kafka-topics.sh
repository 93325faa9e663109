#!/bin/bash
# As the distribution's script of that name, for an operator inside the container.
exec kafka-run-class org.apache.kafka.tools.TopicCommand "$@"
