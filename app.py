"""The chat page: `python app.py` serves it at http://127.0.0.1:7860 (GRADIO_SERVER_NAME/PORT override)."""

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from bot import Bot
from bot.interfaces.live import LiveBot
from bot.interfaces.web import QUEUE, build_demo, launch_options

bot = LiveBot(Bot.load())  # picks up a rebuilt index while serving
demo = build_demo(bot)

if __name__ == "__main__":
    demo.queue(**QUEUE).launch(**launch_options(bot.settings))
