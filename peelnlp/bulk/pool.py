"""Worker processes: tag documents in parallel, results in input order.

:class:`WorkerPool` runs N worker processes (:class:`ProcessPoolExecutor`).
Each worker reads *and* tags a whole document (reading a PDF costs as much as
tagging it) and sends back plain records, or for a line format the encoded
text. On Linux the workers are forked from this process after it loaded the
pipeline, so they start at once; elsewhere each worker loads the pipeline in
its initializer. Workers end with their parent, however it ends.

:func:`tag_parallel` keeps at most a few documents per worker in flight and
takes results in submission order. A worker that dies (a crash in a PDF
library, the out-of-memory killer) costs only the document it was working
on: the pool is restarted, the documents that were in flight are retried one
at a time, and the one that kills its worker again is reported as failed.
"""
from __future__ import annotations

import os
import sys
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .document import Failure, Limits, Result, process_path

#: Per-process state of a worker: the pipeline and the reading options.
_WORKER: dict = {"nlp": None}


def _init_worker(pids, load_args: tuple, input_format: str, limits: Limits | int | None,
                 fmt: str | None = None) -> None:
    import signal

    from ..writers import record_encoder

    # The parent ends busy workers by pid (the executor has no public list of its processes).
    pids.put(os.getpid())
    # Ctrl-C reaches the whole process group; the parent handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by fork
    _end_with_parent()
    _WORKER["input_format"] = input_format
    _WORKER["limits"] = limits
    # Workers encode the records for a line format themselves: the parent then
    # receives and writes one string per document instead of decoding and
    # encoding every record while the workers wait (it shares their cores).
    _WORKER["encode"] = record_encoder(fmt) if fmt else None
    if _WORKER["nlp"] is None:  # not inherited from the parent (spawn, forkserver)
        from ..pipeline import load

        model, framework, models_dir = load_args
        _WORKER["nlp"] = load(model, framework=framework, models_dir=models_dir)


def _close_result_writer(executor, ctx) -> None:
    """Close the parent's copy of the write end of the executor's result pipe.
    The parent never writes to it, and with it open, a worker that ``stop``
    ends half-way through writing a result leaves the executor waiting for
    the rest of that message for ever; closed, the executor reads an end of
    file and shuts down. Only with fork, where every worker already holds its
    own copy (a private attribute of ProcessPoolExecutor, hence the guard)."""
    writer = getattr(getattr(executor, "_result_queue", None), "_writer", None)
    if ctx is not None and ctx.get_start_method() == "fork" and writer is not None:
        writer.close()


def _end_with_parent() -> None:
    """Have the kernel end this worker when its parent dies, however it dies
    (SIGKILL included): a worker must not outlive the run, holding the output
    and the caller's pipes open. Linux only (prctl PR_SET_PDEATHSIG); where it
    is missing the executor's own shutdown still ends workers on a clean exit."""
    import ctypes
    import signal

    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _work(path: str) -> Result:
    result = process_path(_WORKER["nlp"], Path(path), _WORKER["input_format"], _WORKER["limits"],
                          capture=True)
    encode = _WORKER.get("encode")
    if encode is not None and result.records is not None:
        result.encoded, result.records = encode(result.records), None
    return result


_WORKER_DIED = ("its worker process died while reading or tagging it "
                "(a crash in a library, or out of memory)")


class WorkerPool:
    """A ProcessPoolExecutor that can be replaced when a worker dies."""

    def __init__(self, workers: int, nlp, load_args, input_format, limits, fmt: str | None = None):
        import multiprocessing

        self.workers = workers
        # Fork where it is safe and cheap: workers inherit the loaded pipeline.
        self._ctx = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
        self._options = (load_args, input_format, limits, fmt)
        self._nlp = nlp if self._ctx is not None else None
        self._pids = None  # a SimpleQueue each worker puts its pid on (no thread, unlike Queue)
        self.executor = None
        self.start()

    def start(self) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._pids = (self._ctx or multiprocessing.get_context()).SimpleQueue()
        _WORKER["nlp"] = self._nlp  # inherited by forked workers
        try:
            self.executor = ProcessPoolExecutor(self.workers, mp_context=self._ctx, initializer=_init_worker,
                                                initargs=(self._pids, *self._options))
            # Start the workers now (a fork before any thread of ours exists).
            self.executor.submit(int).result()
            _close_result_writer(self.executor, self._ctx)
        finally:
            _WORKER["nlp"] = None

    def submit(self, path):
        return self.executor.submit(_work, str(path))

    def restart(self) -> None:
        self.stop()
        self.start()

    def stop(self) -> None:
        import multiprocessing

        ex, self.executor = self.executor, None
        if ex is None:
            return
        # Workers ignore SIGINT; end them now rather than after their document.
        # Only live children of ours that said they are workers: a pid the
        # system gave to another process since is never signalled.
        pids = set()
        while not self._pids.empty():
            pids.add(self._pids.get())
        for proc in multiprocessing.active_children():
            if proc.pid in pids:
                try:
                    proc.terminate()
                except OSError:  # already gone
                    pass
        ex.shutdown(wait=True, cancel_futures=True)
        self._pids.close()


@dataclass
class _Slot:
    """A document in the window: its path, its future (or its Result when
    there was nothing to run), and whether it runs alone as a suspect."""

    path: str
    job: object
    suspect: bool = False


class _InOrder:
    """The scheduler behind :func:`tag_parallel`.

    ``window`` holds the documents in flight, in input order; the head's
    result is awaited first. When a worker dies every document that was in
    flight is suspect: results that did come back are kept, the others run
    again alone, and one that kills its worker alone is a Failure.
    """

    def __init__(self, items: Iterable, pool: WorkerPool, cap: int):
        self.source = iter(items)
        self.pool = pool
        self.cap = cap
        self.retry: deque = deque()      # items to (re)submit before taking new ones
        self.window: deque[_Slot] = deque()
        self.suspects: set[str] = set()  # in flight when a worker died: run alone
        self.isolating = False           # a suspect is running alone
        self.restarts = 0                # pool restarts since the last result

    def __iter__(self) -> Iterator[Result]:
        try:
            while True:
                self._fill()
                if not self.window:
                    return
                result = self._take()
                if result is not None:
                    yield result
        finally:
            self.pool.stop()

    def _fill(self) -> None:
        while len(self.window) < self.cap and not self.isolating:
            item = self.retry.popleft() if self.retry else next(self.source, None)
            if item is None:
                return
            if isinstance(item, Result):
                self.window.append(_Slot(item.path, item))
            elif isinstance(item, Failure):
                self.window.append(_Slot(item.path, Result(item.path, failure=item)))
            elif not self._submit(item):
                return

    def _submit(self, item) -> bool:
        """Submit ``item``; False when filling must wait for the window."""
        from concurrent.futures.process import BrokenProcessPool

        suspect = str(item) in self.suspects
        if suspect and self.window:  # wait until it can run alone
            self.retry.appendleft(item)
            return False
        try:
            future = self.pool.submit(item)
        except BrokenProcessPool:  # a worker died since the last result
            self.retry.appendleft(item)
            if self.window:
                return False  # the head's result says so too; handled in _take
            self._restart()
            return True
        self.window.append(_Slot(str(item), future, suspect))
        self.isolating = suspect
        return True

    def _take(self) -> Result | None:
        """The head's Result; None when a worker died and the window is queued again."""
        from concurrent.futures.process import BrokenProcessPool

        slot = self.window.popleft()
        if isinstance(slot.job, Result):
            return slot.job
        try:
            result = slot.job.result()
        except BrokenProcessPool:
            if not slot.suspect:
                self._run_again_alone(slot)
                return None
            # it killed a worker again, running alone
            result = Result(slot.path, failure=Failure(slot.path, _WORKER_DIED))
            self._restart()
        except Exception as exc:  # e.g. a result that could not be sent back
            result = Result(slot.path, failure=Failure(slot.path, f"worker failed: {type(exc).__name__}: {exc}"))
        if slot.suspect:
            self.suspects.discard(slot.path)
            self.isolating = False
        self.restarts = 0
        return result

    def _run_again_alone(self, head: _Slot) -> None:
        """Some in-flight document killed a worker: keep the results that did
        come back, make the others suspects, restart the pool."""
        redo = []
        for slot in (head, *self.window):
            job = slot.job
            if isinstance(job, Result):
                redo.append(job)
            elif job.done() and not job.cancelled() and job.exception() is None:
                redo.append(job.result())
            else:
                self.suspects.add(slot.path)
                redo.append(Path(slot.path))
        self.window.clear()
        self.retry.extendleft(reversed(redo))
        self._restart()

    def _restart(self) -> None:
        if self.restarts >= 5:
            raise RuntimeError("worker processes keep dying before they tag anything")
        self.pool.restart()
        self.restarts += 1


def tag_parallel(items: Iterable, pool: WorkerPool, in_flight: int | None = None) -> Iterator[Result]:
    """Like :func:`peelnlp.bulk.document.tag_items`, on ``pool``'s worker
    processes; results in input order. Stops the pool when done or closed."""
    return iter(_InOrder(items, pool, in_flight or pool.workers * 4))
