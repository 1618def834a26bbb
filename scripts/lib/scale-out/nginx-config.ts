/*
 * The scale-out's nginx configuration, made from deploy/nginx.conf: the same file docker-compose.yml
 * mounts, so both run the same proxy rules. Only two things differ, and only they are substituted:
 * the upstream's server lines (compose: Docker's DNS name `app:3000`; here: one line per local instance,
 * with the same parameters) and the listen address. The file is a server-level include (compose mounts
 * it into conf.d/), so it is wrapped in a main context of its own with every path under the prefix.
 */

export interface NginxConfigOptions {
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

export function renderNginxConfig(options: NginxConfigOptions): string {
  const { prefix } = options;
  const body = substituteServers(options.template, options.upstreams, options.listen);
  const indented = body
    .split('\n')
    .map((line) => (line ? `    ${line}` : line))
    .join('\n');
  return `# Written by \`npm run scale-out\` from deploy/nginx.conf; do not edit (it is rewritten at each start).
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;

events {
    worker_connections 1024;
}

http {
    log_format upstream '$remote_addr [$time_local] "$request" $status $request_time '
                        'upstream=$upstream_addr status=$upstream_status time=$upstream_response_time';
    access_log ${prefix}/access.log upstream;
    client_body_temp_path ${prefix}/temp/client_body;
    proxy_temp_path ${prefix}/temp/proxy;
    fastcgi_temp_path ${prefix}/temp/fastcgi;
    uwsgi_temp_path ${prefix}/temp/uwsgi;
    scgi_temp_path ${prefix}/temp/scgi;

    # ── deploy/nginx.conf ──
${indented}
}
`;
}
