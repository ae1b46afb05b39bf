"""View counts buffered in Redis (VIEW_BUFFER_URI), for several workers or hosts.

The in-memory buffer (views.py) loses a worker's last interval of views when the worker is
killed, and a host shows only its own pending views. Here every worker adds each view to one
Redis hash, so a view is kept the moment it is counted, and every host shows every view at
once (the stored count plus what Redis holds for the thread).

Each worker's writer, every VIEW_FLUSH_SECONDS, takes the whole hash as a batch of its own
(renamed in one script, so no view is taken twice or missed) and adds it to question_views
in one transaction that also records the batch's id (view_batches). A batch whose worker
died before its Redis copy was dropped is taken again by any writer after CLAIM_SECONDS:
added if its id is not recorded, only dropped if it is. While Redis does not answer, views
are kept in the worker's memory and written as views.py writes them.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import Counter
from datetime import timedelta

import redis
from flask import Flask
from sqlalchemy import delete, insert
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from backend.extensions import db
from backend.models import ViewBatch, utcnow
from backend.questions.views import ViewCounter, add_views

CLAIM_SECONDS = 60.0  # a batch not dropped by then was left by a worker that died
KEPT = timedelta(hours=1)  # how long added batches' ids are kept (a batch is retaken within a minute)
REDIS_TIMEOUT = 1.0  # seconds: a read or a view waits no longer for Redis
log = logging.getLogger(__name__)

# KEYS: the pending hash, the batches (sorted by when taken). ARGV: a new batch id, now, the
# claim seconds, the prefix of a batch's hash. Takes what is pending as a new batch, and the
# batches taken longer ago than the claim (taken again now); returns their ids.
_TAKE = """
local taken = {}
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], ARGV[4] .. ARGV[1])
  redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
  table.insert(taken, ARGV[1])
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[3]))) do
  redis.call('ZADD', KEYS[2], ARGV[2], id)
  table.insert(taken, id)
end
return taken
"""
# KEYS: the pending hash, the batches. ARGV: a question id, the prefix of a batch's hash.
# The question's views in Redis: pending, and in batches not yet dropped.
_PENDING = """
local n = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  n = n + tonumber(redis.call('HGET', ARGV[2] .. id, ARGV[1]) or '0')
end
return n
"""


class SharedViewCounter(ViewCounter):
    def __init__(self, app: Flask, flush_seconds: float, url: str, prefix: str) -> None:
        super().__init__(app, flush_seconds)
        self._redis = redis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT
        )
        self._pending_key = f"{prefix}views:pending"
        self._batches_key = f"{prefix}views:batches"
        self._batch_prefix = f"{prefix}views:batch:"
        self._take = self._redis.register_script(_TAKE)
        self._pending_views = self._redis.register_script(_PENDING)

    def add(self, question_id: int) -> None:
        try:
            self._redis.hincrby(self._pending_key, str(question_id), 1)
        except redis.RedisError:
            log.warning("Redis (VIEW_BUFFER_URI) did not take a view: kept in this worker", exc_info=True)
            super().add(question_id)
            return
        self._start_writer()

    def pending(self, question_id: int) -> int:
        here = super().pending(question_id)
        try:
            keys = [self._pending_key, self._batches_key]
            return here + int(self._pending_views(keys=keys, args=[question_id, self._batch_prefix]))
        except redis.RedisError:
            return here

    def due(self) -> bool:
        return True  # another worker's views, or a dead one's, may be waiting in Redis

    def _seconds_until_due(self) -> float:
        return self.flush_seconds

    def flush(self) -> int:
        """Write this worker's own pending views (kept while Redis was down), then every batch
        taken from Redis; returns how many views were added."""
        written = super().flush()
        try:
            keys = [self._pending_key, self._batches_key]
            args: list[str | float] = [uuid.uuid4().hex, time.time(), CLAIM_SECONDS, self._batch_prefix]
            batch_ids = self._take(keys=keys, args=args)
        except redis.RedisError:
            log.warning("could not take views from Redis (VIEW_BUFFER_URI); will retry", exc_info=True)
            return written
        for batch_id in batch_ids:
            written += self._write_batch(batch_id.decode() if isinstance(batch_id, bytes) else str(batch_id))
        return written

    def _write_batch(self, batch_id: str) -> int:
        key = self._batch_prefix + batch_id
        try:
            views = Counter({int(qid): int(n) for qid, n in self._redis.hgetall(key).items()})
        except redis.RedisError:
            return 0  # taken again after the claim
        added = 0
        try:
            # Its id is recorded already when it was added before: by a writer that died before
            # dropping it, or by another writer meanwhile.
            db.session.execute(insert(ViewBatch).values(id=batch_id, applied_at=utcnow()))
            db.session.execute(delete(ViewBatch).where(ViewBatch.applied_at < utcnow() - KEPT))
            if views:
                connection = db.session.connection()
                connection.execute(
                    add_views(connection.dialect.name),
                    [{"qid": qid, "n": n} for qid, n in sorted(views.items())],
                )
            db.session.commit()
            added = sum(views.values())
        except IntegrityError:
            db.session.rollback()  # added before: only its Redis copy is left to drop
        except SQLAlchemyError:
            db.session.rollback()
            log.warning("could not write %d views from Redis; will retry", sum(views.values()), exc_info=True)
            return 0
        try:
            pipeline = self._redis.pipeline()
            pipeline.delete(key)
            pipeline.zrem(self._batches_key, batch_id)
            pipeline.execute()
        except redis.RedisError:
            log.warning("could not drop a written batch of views from Redis", exc_info=True)
        return added
