"""deckbuild: one YAML outline → an editable PowerPoint briefing and a printable PDF handout."""

__version__ = "0.1.0"
