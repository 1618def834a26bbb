import { performance } from 'node:perf_hooks';

/**
 * A deadline for one Redis call that is fair to Redis when the process itself is busy.
 *
 * A plain timer misjudges a saturated server: after a long turn of the event loop (hundreds of pages
 * rendered in one burst) expired timers run before the socket is read, so a reply that arrived in time is
 * declared late, and the circuit breaker would send a flash sale's traffic to PostgreSQL just when Redis
 * is healthiest. So when the timer fires we let the loop read pending I/O once (`setImmediate` runs after
 * the poll phase) and only then look at the clock.
 *
 * One turn is not enough for a call of several round trips (a session's set and its script): each reply
 * is read one turn after it arrives, and when every turn is long (a cold process compiling its routes
 * while browsers start beside it) the turns alone outlast the deadline. So a deadline that finds the
 * event loop busy for most of its span is started again, up to MAX_SPANS spans in all: Redis is blamed
 * only when the process had the time to hear its answers, and a Redis that hangs still costs at most
 * MAX_SPANS deadlines.
 */
export class RedisDeadlineError extends Error {
  constructor(ms: number) {
    super(`Redis did not answer within ${ms} ms`);
    this.name = 'RedisDeadlineError';
  }
}

/** Above this share of a span spent running code, the process (not Redis) is why the answer is late. */
const BUSY_UTILIZATION = 0.5;
const MAX_SPANS = 3;

export function withDeadline<T>(call: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const startSpan = (span: number) => {
      const utilizationAtStart = performance.eventLoopUtilization();
      timer = setTimeout(() => {
        setImmediate(() => {
          if (settled) return;
          const busy = performance.eventLoopUtilization(utilizationAtStart).utilization > BUSY_UTILIZATION;
          if (busy && span < MAX_SPANS) startSpan(span + 1);
          else reject(new RedisDeadlineError(ms * span));
        });
      }, ms);
    };
    startSpan(1);
    call.then(
      (value) => {
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        settled = true;
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
