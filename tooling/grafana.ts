import { readFileSync } from 'node:fs';
import path from 'node:path';

/*
 * deploy/grafana/storefront.json read as a test reads it: every panel's queries, made concrete (Grafana's
 * variables replaced as Grafana would for "all"), and the metric names each query reads.
 */

export const DASHBOARD_FILE = path.join(process.cwd(), 'deploy', 'grafana', 'storefront.json');

export interface Dashboard {
  title: string;
  uid: string;
  schemaVersion: number;
  templating: { list: Array<{ name: string; type: string; query?: unknown }> };
  panels: Array<{
    id: number;
    type: string;
    title: string;
    datasource?: { type: string; uid: string };
    gridPos: { h: number; w: number; x: number; y: number };
    targets?: Array<{ refId: string; expr: string; datasource?: { type: string; uid: string } }>;
  }>;
}

export interface PanelQuery {
  panel: string;
  expr: string;
}

export function readDashboard(file = DASHBOARD_FILE): Dashboard {
  return JSON.parse(readFileSync(file, 'utf8')) as Dashboard;
}

/** Every panel's query, with `$sale` as "all" (`.*`) and `$__rate_interval` as `rateInterval`. */
export function dashboardQueries(dashboard: Dashboard, rateInterval = '1m'): PanelQuery[] {
  return dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({
      panel: panel.title,
      expr: target.expr.replaceAll('$__rate_interval', rateInterval).replaceAll('$sale', '.*'),
    })),
  );
}

const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'inf',
  'nan',
]);

/** The metric names a PromQL expression reads (not functions, keywords, labels or durations). */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // strings
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\[[^\]]*\]/g, '') // ranges
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ''); // label lists
  const names = [...bare.matchAll(/(?<![\w:.])([a-zA-Z_:][\w:]*)(?![\w:]|\s*\()/g)].map((match) => match[1]!);
  return [...new Set(names.filter((name) => !KEYWORDS.has(name.toLowerCase())))];
}
