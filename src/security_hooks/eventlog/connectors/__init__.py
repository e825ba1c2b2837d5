"""Where decision records go besides the local file: stdout, syslog, a webhook, OTLP."""
