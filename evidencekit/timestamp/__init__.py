"""Trusted time: RFC 3161 time stamps over the custody journal head (docs/adr/038). Qt-free; only network.py
opens a connection, and only when the person asks."""
