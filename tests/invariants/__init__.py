"""The invariant corpus (issue 16, item 7): generated Korean briefing outlines and the rules every
build of them must keep. `strategies` makes the outlines, `checks` asserts on the built files."""
