"""The chat page: `python app.py` serves it at http://127.0.0.1:7860 (GRADIO_SERVER_NAME/PORT override)."""

import os
from concurrent.futures import ThreadPoolExecutor

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from bot import Bot
from bot.errors import BotError

# The index loads (or builds) while Gradio is imported, which takes two seconds on its own.
loading = ThreadPoolExecutor(max_workers=1).submit(Bot.load)

from bot.interfaces.live import LiveBot  # noqa: E402
from bot.interfaces.web import QUEUE, build_demo, launch_options  # noqa: E402

try:
    bot = LiveBot(loading.result())  # picks up a rebuilt index while serving
except BotError as exc:  # no index and BOT_AUTO_BUILD=0, no corpus, a bad setting: one line, exit status 1
    raise SystemExit(f"error: {exc}") from None
demo = build_demo(bot)

if __name__ == "__main__":
    demo.queue(**QUEUE).launch(**launch_options(bot.settings))
