"""The read path's preparation: what a forked reader inherits instead of building again."""
from screening import reading
from screening.nlp import dates, education


def test_warm_pipeline_compiles_the_lazily_built_rules_before_any_fork():
    # Built on first use: a forked child that built them would lose them when it exits, every file again.
    lazy = [education._degree_regex, dates._regexes]
    for table in lazy:
        table.cache_clear()
    reading.warm_pipeline.__wrapped__()  # not the process's cached result: run it again
    assert all(table.cache_info().currsize == 1 for table in lazy)


def test_the_warm_up_pdf_is_read_as_the_made_up_resume():
    doc, failed = reading.read_document(reading._warm_up_pdf(reading.WARM_UP_RESUME), "warm-up.pdf")
    assert failed is None and doc.kind == "pdf" and not doc.needs_review
    assert "University of Edinburgh" in doc.text and "Jan 2019 - Present" in doc.text
