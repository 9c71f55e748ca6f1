"""The limits every input is held to (spec §3): each is an error when passed, checked before
the work it guards, so that any outline is refused or built within 30 seconds and 2 GiB."""

MAX_FILE_BYTES = 10 * 1024 * 1024  # an outline file
MAX_DEPTH = 64  # nesting levels
MAX_VALUES = 100_000  # values after alias expansion
MAX_IMAGE_PIXELS = 50_000_000  # one image
MAX_TEMPLATE_BYTES = 200 * 1024 * 1024  # a template, unpacked
# The 1,000-slide benchmark builds in about 16 s on two cores; these keep the worst case
# under 30 s. One paragraph is capped because reportlab re-wraps a paragraph at every page
# break, so a single huge paragraph costs quadratic time.
MAX_SLIDES = 1_500  # per outline, continuation slides included
MAX_PARAGRAPH = 20_000  # characters in one paragraph of any text
MAX_CHART_VALUE = 1e15  # a chart value's size: Excel keeps 15 digits; sums and ticks stay exact
MIN_CHART_VALUE = 1e-9  # the smallest non-zero size a label or tick can print
