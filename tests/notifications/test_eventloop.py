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


def test_a_one_off_call_gets_a_loop_whose_connections_are_closed():
    closed, close = _recorder()
    first_loop, thread = eventloop.run(_loop_and_thread, close)
    second_loop, _ = eventloop.run(_loop_and_thread, close)
    assert thread == threading.get_ident()
    assert first_loop is not second_loop and closed == [first_loop, second_loop]


def test_a_worker_thread_keeps_its_loop_until_it_closes_it():
    closed, close = _recorder()
    seen = []

    def worker():
        eventloop.keep()
        seen.extend(eventloop.run(_loop_and_thread, close)[0] for _ in range(2))
        assert closed == []  # connections stay open from batch to batch
        eventloop.close(close)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen[0] is seen[1] and closed == [seen[0]] and seen[0].is_closed()


def test_a_call_from_inside_a_running_loop_gets_a_thread():
    closed, close = _recorder()

    async def async_caller():
        return eventloop.run(_loop_and_thread, close)

    loop, thread = asyncio.run(async_caller())
    assert thread != threading.get_ident() and closed == [loop]
