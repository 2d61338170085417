"""Photos: checked press photos, their variants and credits."""
