"""Renderers: a layout `Plan` drawn as a PowerPoint deck (python-pptx) and a PDF handout (reportlab)."""
