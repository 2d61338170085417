"""The newsroom's shared core: the content model and schema, the problem report, reading
sources safely, settings, dates and text helpers. It imports no capability."""
