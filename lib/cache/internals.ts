/*
 * The engine's insides, for the two outsiders that must see them: the admin's Redis demo
 * (lib/admin/redis-demo), which runs the engine's own scripts step by step, and the contract tests
 * (test/cache, and the tests that wait out the tag clock skew). Everything else imports the index
 * (`@/lib/cache`); `npm run lint` refuses any other path into lib/cache.
 */
export { createEnvelope, encodeEnvelope } from './envelope';
export { resolveSettings } from './options';
export { acquireLockScript } from './scripts/acquire-lock';
export { invalidateEntryScript } from './scripts/invalidate-entry';
export { releaseLockScript } from './scripts/release-lock';
export { writeIfGenerationScript } from './scripts/write-if-generation';
export { TAG_CLOCK_SKEW_MS } from './tags';
export { defaultStaleMs, expiryFor, type TtlPolicy } from './ttl';
