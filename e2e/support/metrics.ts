/** Reads one sample of a Prometheus counter from an instance's /api/metrics (0 when not yet counted). */
export async function readCounter(
  baseURL: string,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const text = await (await fetch(`${baseURL}/api/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const matches = Object.entries(labels).every(([label, value]) => line.includes(`${label}="${value}"`));
    if (matches) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
