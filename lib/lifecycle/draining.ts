/*
 * Whether this process is shutting down. On globalThis: instrumentation.ts (which starts the drain) and
 * the route bundles (the liveness route reads it) each get their own copy of this module.
 */

const state = globalThis as unknown as { storefrontDraining?: boolean };

export function isDraining(): boolean {
  return state.storefrontDraining === true;
}

export function startDraining(): void {
  state.storefrontDraining = true;
}
