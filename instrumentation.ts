/** Runs once when a server process starts (Next.js calls it before the first request). */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkConfigAtStart } = await import('./lib/startup');
    checkConfigAtStart();
  }
}
