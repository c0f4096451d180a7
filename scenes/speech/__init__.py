"""The narrator: written and spoken forms (spoken), speech synthesis and its cache (voice),
and loudness (loudness).  Used by the scenes and the build; ``nn`` never imports it."""
