"""`python -m notes_tools` runs the `notes-tools` command line."""

from notes_tools.cli import main

raise SystemExit(main())
