"""Where delivery's event loop runs: kept per worker thread, or made for one call."""

import asyncio
import threading

from notifications import eventloop


def _recorder():
    closed = []

    async def close():
        closed.append(asyncio.get_running_loop())

    return closed, close


async def _loop_and_thread():
    return asyncio.get_running_loop(), threading.get_ident()


def in_a_new_thread(function):
    """Run ``function`` where no loop runs yet (the test process may run one: Playwright)."""
    result = []
    thread = threading.Thread(target=lambda: result.append((function(),
                                                            threading.get_ident())))
    thread.start()
    thread.join()
    return result[0]


def test_a_one_off_call_gets_a_loop_whose_connections_are_closed():
    closed, close = _recorder()
    ((first_loop, thread), (second_loop, _)), caller = in_a_new_thread(
        lambda: [eventloop.run(_loop_and_thread, close) for _ in range(2)])
    assert thread == caller
    assert first_loop is not second_loop and closed == [first_loop, second_loop]


def test_a_worker_thread_keeps_its_loop_until_it_closes_it():
    closed, close = _recorder()
    seen = []

    def worker():
        eventloop.keep()
        seen.extend(eventloop.run(_loop_and_thread, close)[0] for _ in range(2))
        still_open = list(closed)  # connections stay open from batch to batch
        eventloop.close(close)
        return still_open

    still_open, _ = in_a_new_thread(worker)
    assert still_open == [] and seen[0] is seen[1]
    assert closed == [seen[0]] and seen[0].is_closed()


def test_a_call_from_inside_a_running_loop_gets_a_thread():
    closed, close = _recorder()

    async def async_caller():
        return eventloop.run(_loop_and_thread, close)

    (loop, thread), caller = in_a_new_thread(lambda: asyncio.run(async_caller()))
    assert thread != caller and closed == [loop]
