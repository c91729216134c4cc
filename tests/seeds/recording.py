"""An import step that records what the importer hands it, added after the real ones."""

from articles.import_steps import ImportStep
from seeds.importer import steps


class Recording(ImportStep):
    name = "test.recording"

    def __init__(self, apply):
        self._apply = apply

    def new_batch(self):
        return object()

    def apply(self, page, prepared, batch):
        self._apply(page, prepared, batch)


def add_step(monkeypatch, apply) -> None:
    """Run apply(page, prepared, batch) on every imported page, after the other steps."""
    monkeypatch.setattr(steps, "STEPS", (*steps.STEPS, Recording(apply)))
