/*
 * The scale-out's nginx configuration, made from deploy/nginx.conf: the same file docker-compose.yml
 * mounts, so both run the same proxy rules. Only two things differ, and only they are substituted:
 * the upstream's server lines (compose: Docker's DNS name `app:3000`; here: one line per local instance,
 * with the same parameters) and the listen address. The file is a server-level include (compose mounts
 * it into conf.d/), so it takes the place of that include in deploy/nginx-main.conf, the main context
 * compose mounts too, whose paths move under the scale-out's own directory.
 */

export interface NginxConfigOptions {
  /** deploy/nginx-main.conf's text: the main context (workers, connections, logs). */
  main: string;
  /** The template's text: deploy/nginx.conf. */
  template: string;
  /** host:port of each instance. */
  upstreams: string[];
  listen: string;
  /** Absolute directory for the pid file, logs and temporary files. */
  prefix: string;
}

const UPSTREAM_SERVER = /^(\s*)server\s+\S+(\s[^;]*)?;\s*$/;
const LISTEN = /^(\s*)listen\s+[^;]+;\s*$/;

/** The template with its upstream server lines and its listen line replaced; every other line kept. */
export function substituteServers(template: string, upstreams: string[], listen: string): string {
  if (upstreams.length === 0) throw new Error('nginx needs at least one upstream');
  const out: string[] = [];
  let inUpstream = false;
  let servers = 0;
  let listens = 0;
  for (const line of template.split('\n')) {
    if (/^\s*upstream\s+\S+\s*\{/.test(line)) inUpstream = true;
    else if (inUpstream && /^\s*\}/.test(line)) inUpstream = false;
    const server = inUpstream ? UPSTREAM_SERVER.exec(line) : null;
    const listenLine = LISTEN.exec(line);
    if (server) {
      servers += 1;
      // Docker's one DNS name becomes one line per instance; later server lines of the template are dropped.
      if (servers === 1) {
        for (const upstream of upstreams) out.push(`${server[1]}server ${upstream}${server[2] ?? ''};`);
      }
    } else if (listenLine) {
      listens += 1;
      out.push(`${listenLine[1]}listen ${listen};`);
    } else {
      out.push(line);
    }
  }
  if (servers === 0) throw new Error('deploy/nginx.conf: no server line in an upstream block');
  if (listens !== 1) throw new Error(`deploy/nginx.conf: expected one listen line, found ${listens}`);
  return out.join('\n');
}

/** Each path-bearing line of the main context, moved under the prefix (Debian's nginx runs as our user). */
const PRIVATE_PATHS: Array<[RegExp, (prefix: string, rest: string) => string]> = [
  [/^(\s*)pid\s+\S+;/, (prefix) => `pid ${prefix}/nginx.pid;`],
  [/^(\s*)error_log\s+\S+(.*)$/, (prefix, rest) => `error_log ${prefix}/error.log${rest}`],
  [/^(\s*)access_log\s+\S+(.*)$/, (prefix, rest) => `access_log ${prefix}/access.log${rest}`],
];
const INCLUDE_SERVERS = /^(\s*)include\s+\S*conf\.d\/\*\.conf;\s*$/;

/**
 * deploy/nginx-main.conf with its paths under `prefix` and its include of conf.d/ replaced by
 * deploy/nginx.conf (servers and listen substituted): one self-contained file.
 */
export function renderNginxConfig(options: NginxConfigOptions): string {
  const { prefix } = options;
  const body = substituteServers(options.template, options.upstreams, options.listen);
  const out = [
    '# Written by `npm run scale-out` from deploy/nginx-main.conf and deploy/nginx.conf; rewritten at each start.',
  ];
  let included = 0;
  for (const line of options.main.split('\n')) {
    const include = INCLUDE_SERVERS.exec(line);
    if (include) {
      included += 1;
      const indent = include[1] ?? '';
      for (const kind of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
        out.push(`${indent}${kind}_temp_path ${prefix}/temp/${kind};`);
      }
      out.push('', `${indent}# ── deploy/nginx.conf ──`);
      for (const served of body.split('\n')) out.push(served ? `${indent}${served}` : served);
      continue;
    }
    const moved = PRIVATE_PATHS.find(([pattern]) => pattern.test(line));
    if (moved) {
      const [, indent = '', rest = ''] = moved[0].exec(line)!;
      out.push(`${indent}${moved[1](prefix, rest)}`);
    } else {
      out.push(line);
    }
  }
  if (included !== 1) throw new Error('deploy/nginx-main.conf: expected one include of conf.d/*.conf');
  return out.join('\n');
}
