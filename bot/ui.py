"""build_demo(bot) -> the Gradio chat page (Blocks); it never launches a server itself."""

from __future__ import annotations

import gradio as gr

from .answer import Answer
from .engine import Bot
from .errors import BotError
from .render import answer_as_text, confidence_band, escape_markdown, passage_as_markdown

TITLE = "Ask the LDN document"
DESCRIPTION = "Ask questions in plain words about low dose naltrexone (LDN) and mood; every answer is quoted from the document, with its source."
DISCLAIMER = "Answers are quoted from the document and are not medical advice. For decisions about your treatment, talk to your doctor."
EXAMPLES = [
    "Can LDN cause depression?",
    "What are the common side effects of LDN?",
    "What is the usual dose of LDN?",
]
N_SUGGESTIONS = 3
EMPTY_PROMPT = "Please type a question about the document, for example: *Can LDN cause depression?*"

CSS = """
.disclaimer { font-size: 0.9em; opacity: 0.85; }
.suggestion button, button.suggestion { white-space: normal; text-align: left; }
footer { display: none !important; }
"""


def theme() -> gr.themes.Base:
    """A clean theme with system fonts (no web fonts: the page must work offline)."""
    system = ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"]
    return gr.themes.Soft(primary_hue="teal", neutral_hue="slate", font=system,
                          font_mono=["ui-monospace", "SFMono-Regular", "monospace"])


def launch_options() -> dict:
    """Arguments for demo.launch(): theme and CSS (which Gradio 6 takes at launch)."""
    return {"theme": theme(), "css": CSS}


def answer_markdown(answer: Answer, threshold: float) -> str:
    """The chat bubble of an answer: the passage with its best sentence bold, then its source."""
    if not answer.found:
        return escape_markdown(answer.answer)
    source = answer.sources[0]
    band = confidence_band(answer.confidence, threshold)
    return (
        passage_as_markdown(answer.answer, answer.highlight)
        + f"\n\n**Source:** {escape_markdown(source.section)} · *{escape_markdown(source.doc)}* · {band} ({answer.confidence:.0%})"
    )


def other_sources_message(answer: Answer) -> gr.ChatMessage | None:
    """A collapsible message with the passages behind the answer after the first."""
    others = answer.sources[1:] if answer.found else answer.sources
    if not others:
        return None
    parts = []
    for source in others:
        quoted = "\n>\n".join(f"> {escape_markdown(line)}" for line in source.text.split("\n"))
        parts.append(f"**{escape_markdown(source.section)}** · *{escape_markdown(source.doc)}*\n\n{quoted}")
    title = f"Other sources ({len(others)})" if answer.found else f"Closest passages ({len(others)}), not an answer"
    return gr.ChatMessage(role="assistant", content="\n\n".join(parts), metadata={"title": title, "status": "done"})


def questions_from_history(history) -> list[str]:
    """Earlier user questions from a Gradio chat history (message dicts or [user, bot] pairs) or plain strings."""
    questions = []
    for item in history or []:
        if isinstance(item, str):
            questions.append(item)
        elif isinstance(item, dict) and item.get("role") == "user" and isinstance(item.get("content"), str):
            questions.append(item["content"])
        elif isinstance(item, (list, tuple)) and item and isinstance(item[0], str):
            questions.append(item[0])
    return questions


def build_demo(bot: Bot) -> gr.Blocks:
    threshold = bot.settings.min_confidence

    def respond(message: str, messages: list, asked: list[str]):
        message = (message or "").strip()
        if not message:
            gr.Info("Please type a question first.")
            return "", messages, asked, *suggestion_updates(EXAMPLES)
        user = gr.ChatMessage(role="user", content=escape_markdown(message))
        try:
            answer = bot.answer(message, history=asked)
        except BotError as exc:
            reply = gr.ChatMessage(role="assistant", content=escape_markdown(f"Sorry, I could not answer that: {exc}"))
            return "", [*messages, user, reply], asked, *suggestion_updates(EXAMPLES)
        replies = [gr.ChatMessage(role="assistant", content=answer_markdown(answer, threshold))]
        sources = other_sources_message(answer)
        if sources is not None:
            replies.append(sources)
        return "", [*messages, user, *replies], [*asked, message], *suggestion_updates(answer.suggestions or EXAMPLES)

    def suggestion_updates(questions: list[str]):
        shown = list(questions)[:N_SUGGESTIONS]
        return [gr.update(value=q, visible=True) for q in shown] + [
            gr.update(value="", visible=False) for _ in range(N_SUGGESTIONS - len(shown))
        ]

    def api_chat(message: str, history: list | None = None) -> str:
        """Answer a question from the documents. history: the chat so far (messages or [user, bot] pairs)."""
        if not isinstance(message, str) or not message.strip():
            return EMPTY_PROMPT.replace("*", "")
        try:
            return answer_as_text(bot.answer(message, history=questions_from_history(history)))
        except BotError as exc:
            return f"Sorry, I could not answer that: {exc}"

    with gr.Blocks(title=TITLE, fill_height=True) as demo:
        gr.Markdown(f"# {TITLE}\n{DESCRIPTION}")
        gr.Markdown(f"⚕️ {DISCLAIMER}", elem_classes="disclaimer")
        chatbot = gr.Chatbot(
            label="Conversation", height=480, sanitize_html=True, render_markdown=True,
            placeholder="Ask a question below, or pick one of the suggestions.",
            buttons=["copy"], layout="bubble",
        )
        asked = gr.State([])
        with gr.Row(equal_height=True):
            textbox = gr.Textbox(placeholder="Type your question, e.g. Can LDN cause depression?", show_label=False,
                                 scale=6, max_lines=4, autofocus=True, submit_btn=False)
            send = gr.Button("Ask", variant="primary", scale=1, min_width=80)
        gr.Markdown("**Try asking:**")
        with gr.Row():
            suggestions = [gr.Button(q, size="sm", elem_classes="suggestion") for q in EXAMPLES]
        clear = gr.Button("New conversation", size="sm", variant="secondary")
        with gr.Accordion("About", open=False):
            gr.Markdown(about_markdown(bot))

        outputs = [textbox, chatbot, asked, *suggestions]
        textbox.submit(respond, [textbox, chatbot, asked], outputs, api_visibility="private")
        send.click(respond, [textbox, chatbot, asked], outputs, api_visibility="private")
        for button in suggestions:
            button.click(respond, [button, chatbot, asked], outputs, api_visibility="private")
        clear.click(lambda: ("", [], [], *suggestion_updates(EXAMPLES)), None, outputs, api_visibility="private")
        gr.api(api_chat, api_name="chat")
    return demo


def about_markdown(bot: Bot) -> str:
    manifest = bot.manifest
    documents = manifest.get("documents", {})
    listed = "\n".join(f"- *{escape_markdown(title)}* ({escape_markdown(doc)})" for doc, title in documents.items())
    return (
        "This assistant finds the passage of the documents below that answers your question and quotes it; "
        "it never writes answers of its own. When the documents do not cover a question, it says so.\n\n"
        f"**Documents indexed:**\n{listed}\n\n"
        f"**Index:** {manifest.get('chunks')} passages, built {escape_markdown(str(manifest.get('built_at')))} "
        f"with {escape_markdown(manifest['model']['name'])}."
    )
