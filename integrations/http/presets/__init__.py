"""Presets: ready configs for common shop platforms (epay V1, WooCommerce REST v3,
Dujiao-Next guest orders), chosen with ``preset: <name>`` and overridden key by key."""
