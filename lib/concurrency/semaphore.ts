/** A task that could not get a slot: too many were waiting, or it waited too long. */
export class NoSlotError extends Error {
  constructor(reason: string) {
    super(`no slot: ${reason}`);
    this.name = 'NoSlotError';
  }
}

export interface SlotLimits {
  /** Refuse at once when this many tasks are already waiting. */
  maxWaiting?: number;
  /** Refuse a task still waiting after this long (ms). */
  maxWaitMs?: number;
}

/** At most `limit` tasks at once; the rest wait in arrival order, within the caller's limits. */
export class Semaphore {
  private active = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError('Semaphore limit must be at least 1');
  }

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  async run<T>(task: () => Promise<T>, limits: SlotLimits = {}): Promise<T> {
    if (this.active < this.limit) this.active += 1;
    // A finishing task hands its slot straight to the next waiter, so no newcomer can slip in between.
    else await this.waitForSlot(limits);
    try {
      return await task();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active -= 1;
    }
  }

  private waitForSlot({ maxWaiting = Infinity, maxWaitMs }: SlotLimits): Promise<void> {
    if (this.queue.length >= maxWaiting) return Promise.reject(new NoSlotError(`${maxWaiting} waiting`));
    return new Promise<void>((resolve, reject) => {
      const handOver = () => {
        clearTimeout(timer);
        resolve();
      };
      this.queue.push(handOver);
      const timer =
        maxWaitMs === undefined
          ? undefined
          : setTimeout(() => {
              const index = this.queue.indexOf(handOver);
              if (index >= 0) this.queue.splice(index, 1);
              reject(new NoSlotError(`waited ${maxWaitMs} ms`));
            }, maxWaitMs);
      timer?.unref();
    });
  }
}
