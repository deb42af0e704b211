"""The Gradio chat page: build_demo(bot) returns the Blocks; it never launches a server itself."""

import contextlib
import logging
from collections.abc import Sequence
from typing import Protocol

from ..answering.bot import Bot
from ..answering.compose import Answer
from ..config import Settings
from ..errors import BotError
from ..indexing.manifest import Manifest
from ..ingest.profile import Profile
from ..records.store import Store
from .gradio_lib import gr
from .insights import insights_tab
from .markdown import answer_markdown, escape_markdown, other_sources_markdown
from .terminal import answer_as_text

log = logging.getLogger(__name__)

N_SUGGESTIONS = 3
SORRY = "Sorry, something went wrong while answering. Please try again, or rephrase the question."

CSS = """
.disclaimer { font-size: 0.9em; opacity: 0.85; }
.suggestions button { white-space: normal; text-align: left; min-height: 2.5em; }
footer { display: none !important; }
@media (max-width: 640px) { .suggestions { flex-direction: column; } }
"""


def theme() -> gr.themes.Base:
    """A clean theme with system fonts (no web fonts: the page must work offline)."""
    system = ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"]
    return gr.themes.Soft(primary_hue="teal", neutral_hue="slate", font=system,
                          font_mono=["ui-monospace", "SFMono-Regular", "monospace"])


# The answer is CPU-bound (a few ms on 2 cores): 4 at a time keeps both cores busy without
# piling up threads; up to 200 more wait in line (20 users with 10 questions in flight
# fit), beyond that Gradio answers "queue full" at once instead of timing out.
# Gradio opens chat links in a new tab with rel="noopener noreferrer"; this adds nofollow to links from documents.
LINK_SCRIPT = """<script>
new MutationObserver(() => document.querySelectorAll("#chat a[href]:not([rel~=nofollow])").forEach(link => {
  link.target = "_blank";
  link.rel = "noopener noreferrer nofollow";
})).observe(document.documentElement, {childList: true, subtree: true});
</script>"""
QUEUE = {"default_concurrency_limit": 4, "max_size": 200}


class Answerer(Protocol):
    """A Bot, or the app's LiveBot around one."""

    settings: Settings

    @property
    def manifest(self) -> Manifest: ...

    @property
    def profile(self) -> Profile: ...

    @property
    def examples(self) -> tuple[str, ...]: ...

    def answer(self, question: str, history: Sequence[str] | None = None) -> Answer: ...


def launch_options(settings: Settings) -> dict:
    """Arguments for demo.launch(): theme and CSS (which Gradio 6 takes at launch) and what not to serve.

    The page binds to GRADIO_SERVER_NAME, by default 127.0.0.1. Gradio serves no file
    outside its own assets unless allowed; the corpus, the index and the data folder are
    blocked outright, so no route can reach them.
    """
    blocked = [str(p) for p in (settings.corpus_dir, settings.index_dir, settings.data_dir)]
    return {"theme": theme(), "css": CSS, "head": LINK_SCRIPT, "blocked_paths": blocked, "allowed_paths": [], "show_error": False,
            "max_file_size": "1kb"}


def questions_from_history(history) -> list[str]:
    """Earlier user questions from a Gradio chat history (message dicts or [user, bot] pairs) or plain strings."""
    questions: list[str] = []
    if not isinstance(history, (list, tuple)):
        return questions  # a number, a string, nested junk: the question is answered on its own
    for item in history:
        if isinstance(item, str):
            questions.append(item)
        elif isinstance(item, dict) and item.get("role") == "user" and isinstance(item.get("content"), str):
            questions.append(item["content"])
        elif isinstance(item, (list, tuple)) and item and isinstance(item[0], str):
            questions.append(item[0])
    return questions


def answer_messages(answer: Answer, threshold: float) -> list[gr.ChatMessage]:
    """The assistant's reply: the answer bubble, then (collapsed) the other sources."""
    messages = [gr.ChatMessage(role="assistant", content=answer_markdown(answer, threshold))]
    others = other_sources_markdown(answer)
    if others:
        count = len(answer.sources) - 1
        messages.append(gr.ChatMessage(role="assistant", content=others,
                                       metadata={"title": f"Other sources ({count})", "status": "done"}))
    return messages


def build_demo(bot: Answerer) -> gr.Blocks:
    threshold = bot.settings.min_confidence
    profile = bot.profile
    examples = list(bot.examples)
    empty_prompt = "Please type a question about the documents first" + (f", for example: {examples[0]}" if examples else "")
    store = Store.of(bot.settings)

    def suggestion_updates(questions: Sequence[str]):
        shown = list(questions)[:N_SUGGESTIONS]
        return [gr.update(value=q, visible=True) for q in shown] + [
            gr.update(value="", visible=False) for _ in range(N_SUGGESTIONS - len(shown))
        ]

    def respond(message: str, messages: list, asked: list[str], records: dict):
        message = (message or "").strip()
        if not message:
            gr.Info(empty_prompt)
            return "", messages, asked, records, *suggestion_updates(examples)
        user = gr.ChatMessage(role="user", content=escape_markdown(message))
        try:
            answer = bot.answer(message, history=asked)
        except BotError as exc:
            reply = gr.ChatMessage(role="assistant", content=escape_markdown(f"Sorry, I could not answer that: {exc}"))
            return "", [*messages, user, reply], asked, records, *suggestion_updates(examples)
        except Exception:  # never a traceback in the page; the server log keeps it
            log.exception("answering in the chat failed")
            gr.Warning(SORRY)
            return message, messages, asked, records, *suggestion_updates(examples)
        record = answer.to_dict()
        record["question_id"] = store.log_quietly(record, "page")  # links a vote to its logged question
        records = {**records, str(len(messages) + 1): record}  # keyed by the answer bubble's index
        return ("", [*messages, user, *answer_messages(answer, threshold)], [*asked, message], records,
                *suggestion_updates(answer.suggestions or examples))

    def on_like(records: dict, vote: gr.LikeData):
        record = records.get(str(vote.index[0] if isinstance(vote.index, (list, tuple)) else vote.index))
        if record is None or vote.liked not in (True, False):
            return  # a vote withdrawn, or on something that is not an answer
        try:
            store.vote(record, helpful=vote.liked)
        except BotError as exc:
            log.warning("a vote was not stored: %s", exc)
            gr.Warning("Your feedback could not be saved. Please try again later.")
            return
        gr.Info("Thank you for your feedback.")

    def new_conversation():
        return "", [], [], {}, *suggestion_updates(examples)

    def api_chat(message: str, history: list | None = None) -> str:
        """Answer a question from the documents. history: the chat so far (messages or [user, bot] pairs)."""
        if not isinstance(message, str) or not message.strip():
            return empty_prompt
        try:
            answer = bot.answer(message, history=questions_from_history(history))
            store.log_quietly(answer.to_dict(), "api")
            return answer_as_text(answer)
        except BotError as exc:
            return f"Sorry, I could not answer that: {exc}"
        except Exception:  # never a traceback to a client; the server log keeps it
            log.exception("answering through the API failed")
            return SORRY

    with gr.Blocks(title=profile.title, fill_height=True) as demo:
        gr.Markdown(f"# {escape_markdown(profile.title)}\n{escape_markdown(profile.description)}")
        if profile.disclaimer:
            gr.Markdown(f"⚕️ {escape_markdown(profile.disclaimer)}", elem_classes="disclaimer")
        admin = bot.settings.admin
        with gr.Tab("Chat") if admin else contextlib.nullcontext():
            chatbot = gr.Chatbot(
                label="Conversation", show_label=False, height=460, sanitize_html=True, render_markdown=True, layout="bubble",
                placeholder="Ask a question below, or pick one of the suggestions.",
                buttons=["copy"], feedback_options=("Like", "Dislike"), elem_id="chat",
            )
            asked = gr.State([])
            records = gr.State({})
            with gr.Row(equal_height=True):
                hint = f", e.g. {examples[0]}" if examples else ""
                textbox = gr.Textbox(placeholder=f"Type your question{hint}", show_label=False,
                                     scale=6, max_lines=4, autofocus=True, submit_btn=False, max_length=10_000)
                send = gr.Button("Ask", variant="primary", scale=1, min_width=80)
            gr.Markdown("**Suggested questions:**")
            with gr.Row(elem_classes="suggestions"):
                suggestions = [gr.Button(examples[n] if n < len(examples) else "", size="sm", visible=n < len(examples))
                               for n in range(N_SUGGESTIONS)]
            clear = gr.Button("New conversation", size="sm", variant="secondary")
            with gr.Accordion("About", open=False):
                gr.Markdown(lambda: about_markdown(bot))  # worked out on each page load: a rebuilt index shows
        if admin:
            insights_tab(lambda: serving_bot(bot), store)

        inputs = [textbox, chatbot, asked, records]
        outputs = [textbox, chatbot, asked, records, *suggestions]
        textbox.submit(respond, inputs, outputs, api_visibility="private")
        send.click(respond, inputs, outputs, api_visibility="private")
        for button in suggestions:
            button.click(respond, [button, chatbot, asked, records], outputs, api_visibility="private")
        clear.click(new_conversation, None, outputs, api_visibility="private")
        chatbot.like(on_like, [records], None, api_visibility="private")
        gr.api(api_chat, api_name="chat")
    return demo


def serving_bot(answerer: Answerer) -> Bot:
    """The Bot answering now: the answerer itself, or a LiveBot's current one."""
    current = getattr(answerer, "bot", answerer)
    if not isinstance(current, Bot):
        raise TypeError(f"the Insights tab needs a Bot, not {type(current).__name__}")
    return current


def about_markdown(bot: Answerer) -> str:
    manifest = bot.manifest
    documents = manifest.documents
    listed = "\n".join(f"- *{escape_markdown(title)}* ({escape_markdown(doc)})" for doc, title in documents.items())
    return (
        "This assistant finds the passage of the documents below that answers your question and quotes it; "
        "it never writes answers of its own. When the documents do not cover a question, it says so. "
        "Use 👍 / 👎 under an answer to tell us whether it helped.\n\n"
        f"**Documents indexed:**\n{listed}\n\n"
        f"**Index:** {manifest.chunks} passages, built {escape_markdown(manifest.built_at)} "
        f"with {escape_markdown(manifest.model.name)}."
    )
