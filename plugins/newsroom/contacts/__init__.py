"""Press contacts: the registry, contact blocks, vCards and the contacts directory."""
