"""Plots people can read, and right answers at the edges (surnames of listed officials)."""

from types import SimpleNamespace

import pytest

from stance.labels import LABELS

pytest.importorskip("matplotlib")


@pytest.fixture
def captured(monkeypatch):
    """The figures the plot functions make, kept open instead of saved."""
    import stance.evaluate as ev

    figs = []
    monkeypatch.setattr(ev, "_save", lambda fig, path: figs.append(fig))
    yield figs
    import matplotlib.pyplot as plt

    for f in figs:
        plt.close(f)


def test_per_article_plot_title_does_not_cover_its_legend(tmp_path, captured):
    from stance.report import plot_actors

    actors = [SimpleNamespace(actor=code, distribution={lab: 1 / len(LABELS) for lab in LABELS})
              for code in ("CHN", "PHL", "USA")]
    plot_actors(actors, tmp_path / "a.png")
    (fig,) = captured
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    title = ax.title.get_window_extent(renderer)
    legend = ax.get_legend().get_window_extent(renderer)
    assert not title.overlaps(legend)
    assert title.y0 >= legend.y1 - 1  # the title above the legend


def _luminance(rgb) -> float:
    def lin(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_confusion_matrix_numbers_legible_on_every_cell(tmp_path, captured):
    from matplotlib.colors import to_rgb

    from stance.evaluate import plot_confusion

    # every shade of the colour map: 0 to 1,200 in steps of 50
    matrix = [[50 * (5 * i + j) for j in range(5)] for i in range(5)]
    plot_confusion(matrix, tmp_path / "cm.png")
    (fig,) = captured
    ax = fig.axes[0]
    image = ax.images[0]
    assert len(ax.texts) == 25
    for t in ax.texts:
        x, y = (round(v) for v in t.get_position())
        cell = image.cmap(image.norm(matrix[y][x]))
        lighter, darker = sorted((_luminance(to_rgb(t.get_color())), _luminance(cell)),
                                 reverse=True)
        contrast = (lighter + 0.05) / (darker + 0.05)
        assert contrast >= 4.5, (matrix[y][x], contrast)  # WCAG AA for normal text
        assert t.get_fontsize() >= 9


@pytest.mark.parametrize("text,code", [
    ("Marcos said Manila expected China to stop harassing Filipino fishermen.", "PHL"),
    ("Blinken said Washington would not accept the annexation.", "USA"),
    ("Xi said Beijing would respond firmly to any provocation.", "CHN"),
])
def test_listed_office_holder_named_by_surname(text, code):
    from stance.pipeline import find_statements

    (s,) = find_statements(text)
    assert s.actor == code


@pytest.mark.parametrize("name", ["Martin", "Ahmed"])
def test_a_surname_that_is_nobody_in_particular_gets_no_country(name):
    from stance.pipeline import find_statements

    (s,) = find_statements(f"{name} said the talks had failed and would not resume.")
    assert s.actor is None


def test_readme_sample_sentence_is_phl(model):
    from pathlib import Path

    import stance

    root = Path(__file__).resolve().parent.parent
    text = (root / "data" / "sample" / "article.txt").read_text(encoding="utf-8")
    res = stance.analyze(text, model)
    marcos = [s for s in res.statements if s.statement.text.startswith("Manila expected")]
    assert marcos and all(s.statement.actor == "PHL" for s in marcos)
