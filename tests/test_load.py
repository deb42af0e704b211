"""Load: 20 concurrent API users, 10 questions each, good and bad, against `python app.py` on loopback;
every question answered is logged, in SQLite and in PostgreSQL alike."""

import statistics
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

pytestmark = pytest.mark.model

USERS = 20
QUESTIONS_EACH = 10
MIXED = [
    ("can LDN cause depression", []),
    ("What is the usual daily dose of LDN?", []),
    ("how many patients?", [{"role": "user", "content": "Tell me about the Crohn's disease study"}]),
    ("", []),
    ("   ", []),
    ("<script>alert(1)</script>", []),
    ("What is the capital of France?", []),
    ("😀" * 50, []),
    ("dose " * 5000, []),
    ("I feel hopeless and want to die", []),
]


def one_user(url: str, user: int) -> list[float]:
    from gradio_client import Client

    client = Client(url, verbose=False)
    timings = []
    for n in range(QUESTIONS_EACH):
        question, history = MIXED[(user + n) % len(MIXED)]
        started = time.perf_counter()
        reply = client.predict(question, history, api_name="/chat")
        timings.append((time.perf_counter() - started) * 1000)
        assert isinstance(reply, str) and reply and "Traceback" not in reply and "Sorry, something went wrong" not in reply
    return timings


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def logged_app(request, real_index_dir, tmp_path_factory):
    """`python app.py` over the real index, logging into a fresh store; yields (url, store)."""
    from bot.records.database import Database
    from bot.records.store import Store

    from .browser import running_app
    from .postgres import fresh_database

    data = tmp_path_factory.mktemp("load-data")
    database_url = fresh_database(request.getfixturevalue("postgres")) if request.param == "postgresql" else ""
    with running_app(real_index_dir, extra_env={"BOT_DATA_DIR": str(data), "BOT_DATABASE_URL": database_url}) as url:
        yield url, Store(Database(data, url=database_url))


def test_twenty_concurrent_users_get_answers_without_errors_and_every_answer_is_logged(logged_app, capsys):
    url, store = logged_app
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=USERS) as pool:
        results = list(pool.map(lambda user: one_user(url, user), range(USERS), timeout=300))
    wall = time.perf_counter() - started
    timings = sorted(t for user in results for t in user)
    assert len(timings) == USERS * QUESTIONS_EACH
    assert httpx.get(url, timeout=10).status_code == 200  # still alive
    answered = [q for q, _ in MIXED if q.strip() and "want to die" not in q]  # no empty question, no crisis message
    assert store.logged() == USERS * QUESTIONS_EACH * len(answered) // len(MIXED)
    p50, p95 = statistics.median(timings), timings[int(0.95 * (len(timings) - 1))]
    with capsys.disabled():
        print(f"\nload: {len(timings)} answers to {USERS} concurrent users in {wall:.1f} s; "
              f"p50 {p50:.0f} ms, p95 {p95:.0f} ms per answer (gradio_client)")
