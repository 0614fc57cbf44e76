"""What the emulator's routes share about the wire: JSON and dates (:mod:`.codec`), a request
and its answer (:mod:`.call`), errors (:mod:`.errors`), the checks values must pass
(:mod:`.checks`: phone numbers, URLs, UUIDs), cursor paging (:mod:`.paging`) and exported
files (:mod:`.exports`)."""
