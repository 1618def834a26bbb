/**
 * Stops the cache from asking a sick Redis. After `failureThreshold` consecutive failures it opens: every
 * call is refused at once (callers go straight to the loader) for `coolDownMs`. Then it lets one probe
 * through (half-open): success closes it, failure opens it for another cool-down. So a dead Redis costs
 * each request nothing, and caching resumes by itself once Redis answers again.
 */

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  failureThreshold: number;
  coolDownMs: number;
  /** Told whenever the breaker opens or closes (for a gauge). */
  onChange?: (state: CircuitState) => void;
  now?: () => number;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private current: CircuitState = 'closed';
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): CircuitState {
    return this.current;
  }

  /** Whether a call may go to Redis now. In half-open state only one probe at a time is let through. */
  tryAcquire(): boolean {
    if (this.current === 'closed') return true;
    if (this.current === 'open' && this.now() - this.openedAt >= this.options.coolDownMs) {
      this.transition('half-open');
    }
    if (this.current === 'half-open' && !this.probing) {
      this.probing = true;
      return true;
    }
    return false;
  }

  success(): void {
    this.failures = 0;
    this.probing = false;
    if (this.current !== 'closed') this.transition('closed');
  }

  failure(): void {
    this.probing = false;
    this.failures += 1;
    if (this.current === 'half-open' || this.failures >= this.options.failureThreshold) {
      this.openedAt = this.now();
      if (this.current !== 'open') this.transition('open');
    }
  }

  private transition(state: CircuitState): void {
    this.current = state;
    this.options.onChange?.(state);
  }
}
