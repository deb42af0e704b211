"""The chat page: `python app.py` serves it at http://127.0.0.1:7860 (GRADIO_SERVER_NAME/PORT override)."""

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from bot import Bot  # noqa: E402
from bot.ui import QUEUE, build_demo, launch_options  # noqa: E402

bot = Bot.load()
demo = build_demo(bot)

if __name__ == "__main__":
    demo.queue(**QUEUE).launch(**launch_options(bot.settings))
