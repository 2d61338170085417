"""Delivery: content security policy, stylesheet, hashed asset names, compression."""


def register() -> None:
    from pelican import signals

    from . import assets, security, stylesheet

    signals.initialized.connect(security.use_security_settings)
    signals.generator_init.connect(assets.provide_asset_paths)
    signals.get_generators.connect(stylesheet.get_generators)
    signals.all_generators_finalized.connect(security.prepare_sanitized)
