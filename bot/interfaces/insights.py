"""The Insights tab (BOT_ADMIN=1): the same groups as `bot review`, each linked to a passage with one click."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from ..answering.bot import Bot
from ..config import Settings
from ..errors import BotError
from ..ingest import alternates
from ..records.review import ReviewGroup, review
from ..records.store import Store
from .gradio_lib import gr
from .markdown import escape_markdown

log = logging.getLogger(__name__)

INTRO = ("Questions people asked that the documents did not cover, and answers voted unhelpful, most frequent first. "
         "Pick one, pick the passage that answers it, and teach it: the index is rebuilt and the question "
         "(and ways of asking it like it) is answered from that passage.")


def rebuild_in_background(settings: Settings) -> None:
    """Apply a taught question: build the index in a thread; the serving bot picks the new one up."""
    from ..indexing.build import build
    from ..indexing.encoders import reference_encoder

    def run() -> None:
        try:
            build(settings, lambda: reference_encoder(settings))
        except BotError as exc:
            log.warning("the rebuild after teaching failed: %s", exc)

    threading.Thread(target=run, name="teach-rebuild", daemon=True).start()


def group_details(group: ReviewGroup) -> str:
    wordings = "\n".join(f"- {escape_markdown(w)}" for w in group.wordings)
    what = "not covered" if group.kind == "unanswered" else "answered, voted unhelpful"
    return f"**Asked {group.count} ×** ({what}), last {escape_markdown(group.last_asked[:16].replace('T', ' '))}\n\n{wordings}"


def insights_tab(current_bot: Callable[[], Bot], store: Store) -> None:
    """The tab, its parts and events; call inside a gr.Blocks. The groups load when the tab is opened."""
    settings = current_bot().settings
    with gr.Tab("Insights", elem_id="insights") as tab:
        groups = gr.State([])
        gr.Markdown(INTRO)
        refresh = gr.Button("Refresh", size="sm")
        question = gr.Dropdown(label="Question", choices=[], value=None, interactive=True)
        details = gr.Markdown()
        passage = gr.Radio(label="The passage that answers it", choices=[], interactive=True)
        teach = gr.Button("Teach: answer this question from this passage", variant="primary")

    def load_groups():
        try:
            found = review(current_bot(), store.to_review())
        except BotError as exc:
            gr.Warning(f"Could not read the question log: {exc}")
            found = []
        choices = [(f"{g.count} × {g.question}", n) for n, g in enumerate(found)]
        note = "" if found else "Nothing to review: every logged question was answered, and no answer was voted unhelpful."
        return found, gr.update(choices=choices, value=None), note, gr.update(choices=[], value=None)

    def show(found: list[ReviewGroup], chosen: int | None):
        if chosen is None or not 0 <= chosen < len(found):
            return "", gr.update(choices=[], value=None)
        group = found[chosen]
        options = [(f"{p.section} · {p.text}", p.id) for p in group.nearest]
        return group_details(group), gr.update(choices=options, value=options[0][1] if options else None)

    def link(found: list[ReviewGroup], chosen: int | None, chunk_id: str | None):
        if chosen is None or not 0 <= chosen < len(found) or not chunk_id:
            gr.Info("Pick a question and the passage that answers it first.")
            return
        alternates.add(settings.corpus_dir, found[chosen].question, chunk_id)
        rebuild_in_background(settings)
        gr.Info(f"Taught: “{found[chosen].question}” is answered from {chunk_id}. The index is being rebuilt.")

    for event in (refresh.click, tab.select):
        event(load_groups, None, [groups, question, details, passage], api_visibility="private")
    question.change(show, [groups, question], [details, passage], api_visibility="private")
    teach.click(link, [groups, question, passage], None, api_visibility="private")
