/*
 * The scale-out's nginx configuration, made from the files docker-compose.yml mounts, so both run the same
 * proxy rules: deploy/nginx-main.conf (the main context), deploy/nginx.conf (the upstream, the limits and
 * the two servers) and deploy/nginx-proxy.conf (the rules both servers include). Only what is the
 * machine's own is substituted: the upstream's server lines (compose: Docker's DNS name `app:3000`; here:
 * one line per local instance, with the same parameters), the listen addresses, the certificate, the
 * main context's paths and the build files' cache (under the scale-out's own directory), the trusted TLS
 * terminators (none), and, for local use, plain HTTP served instead of redirected to HTTPS. The includes
 * are put in place, so the result is one self-contained file.
 */

/** Where deploy/nginx.conf includes the proxy rules from: docker-compose.yml mounts them there. */
export const PROXY_RULES_INCLUDE = '/etc/nginx/storefront/proxy.conf';

export interface ServerSubstitutions {
  /** host:port of each instance. */
  upstreams: string[];
  /** The plain HTTP listener's address (host:port). */
  listen: string;
  /** The TLS listener's address (host:port). */
  listenTls: string;
  certificate: { certFile: string; keyFile: string };
  /** deploy/nginx-proxy.conf's text, put in place of each include of it. */
  proxyRules: string;
  /** Keep port 80's redirect to HTTPS, as shipped (tests of it); the scale-out serves plain HTTP instead. */
  redirectHttp?: boolean;
  /** Addresses of TLS terminators in front, added to the template's `geo` block (none as shipped). */
  trustedTerminators?: string[];
}

export interface NginxConfigOptions extends ServerSubstitutions {
  /** deploy/nginx-main.conf's text: the main context (workers, connections, logs). */
  main: string;
  /** deploy/nginx.conf's text. */
  template: string;
  /** Absolute directory for the pid file, logs, temporary files and the build files' cache. */
  prefix: string;
  /**
   * The user the workers run as, when nginx is started by root: otherwise they become `nobody`, who cannot
   * enter the prefix (a private directory) to write the cache and temporary files. Unset: nginx's default.
   */
  workerUser?: string;
}

const UPSTREAM_SERVER = /^(\s*)server\s+\S+(\s[^;]*)?;\s*$/;
const LISTEN = /^(\s*)listen\s+\S+(\s+ssl)?;\s*$/;
const CERTIFICATE = /^(\s*)(ssl_certificate|ssl_certificate_key)\s+\S+;\s*$/;
const REDIRECT_TO_HTTPS = /^(\s*)if\s*\(.*\)\s*\{\s*return\s+301\s+https:\/\/.*\}\s*$/;
const TERMINATORS = /^(\s*)geo\s+\$storefront_from_terminator\s*\{\s*$/;
const INCLUDE_PROXY_RULES = new RegExp(
  `^(\\s*)include\\s+${PROXY_RULES_INCLUDE.replaceAll('.', '\\.')};\\s*$`,
);

/** deploy/nginx.conf with the machine's own lines substituted (above); every other line kept, in order. */
export function substituteServers(template: string, options: ServerSubstitutions): string {
  if (options.upstreams.length === 0) throw new Error('nginx needs at least one upstream');
  const out: string[] = [];
  const seen = { servers: 0, listen: 0, listenTls: 0, certificates: 0, redirects: 0, includes: 0, geo: 0 };
  let inUpstream = false;
  for (const line of template.split('\n')) {
    if (/^\s*upstream\s+\S+\s*\{/.test(line)) inUpstream = true;
    else if (inUpstream && /^\s*\}/.test(line)) inUpstream = false;
    const server = inUpstream ? UPSTREAM_SERVER.exec(line) : null;
    const listen = LISTEN.exec(line);
    const certificate = CERTIFICATE.exec(line);
    const redirect = REDIRECT_TO_HTTPS.exec(line);
    const include = INCLUDE_PROXY_RULES.exec(line);
    const terminators = TERMINATORS.exec(line);
    if (server) {
      seen.servers += 1;
      // Docker's one DNS name becomes one line per instance; later server lines of the template are dropped.
      if (seen.servers === 1) {
        for (const upstream of options.upstreams)
          out.push(`${server[1]}server ${upstream}${server[2] ?? ''};`);
      }
    } else if (listen) {
      const tls = Boolean(listen[2]);
      seen[tls ? 'listenTls' : 'listen'] += 1;
      out.push(`${listen[1]}listen ${tls ? `${options.listenTls} ssl` : options.listen};`);
    } else if (certificate) {
      seen.certificates += 1;
      const file =
        certificate[2] === 'ssl_certificate' ? options.certificate.certFile : options.certificate.keyFile;
      out.push(`${certificate[1]}${certificate[2]} ${file};`);
    } else if (redirect) {
      seen.redirects += 1;
      if (options.redirectHttp) out.push(line);
      else
        out.push(`${redirect[1]}# (scale-out: plain HTTP is served for local use, not redirected to HTTPS)`);
    } else if (terminators) {
      seen.geo += 1;
      out.push(line);
      for (const address of options.trustedTerminators ?? []) out.push(`${terminators[1]}    ${address} 1;`);
    } else if (include) {
      seen.includes += 1;
      for (const rule of options.proxyRules.split('\n')) out.push(rule ? `${include[1]}${rule}` : rule);
    } else {
      out.push(line);
    }
  }
  const expected = { listen: 1, listenTls: 1, certificates: 2, redirects: 1, includes: 2, geo: 1 };
  if (seen.servers === 0) throw new Error('deploy/nginx.conf: no server line in an upstream block');
  for (const [what, count] of Object.entries(expected)) {
    const found = seen[what as keyof typeof seen];
    if (found !== count)
      throw new Error(`deploy/nginx.conf: expected ${count} ${what} line(s), found ${found}`);
  }
  return out.join('\n');
}

/** Each path-bearing line of the main context, moved under the prefix (Debian's nginx runs as our user). */
const PRIVATE_PATHS: Array<[RegExp, (prefix: string, rest: string) => string]> = [
  [/^(\s*)pid\s+\S+;/, (prefix) => `pid ${prefix}/nginx.pid;`],
  [/^(\s*)error_log\s+\S+(.*)$/, (prefix, rest) => `error_log ${prefix}/error.log${rest}`],
  [/^(\s*)access_log\s+\S+(.*)$/, (prefix, rest) => `access_log ${prefix}/access.log${rest}`],
];
const INCLUDE_SERVERS = /^(\s*)include\s+\S*conf\.d\/\*\.conf;\s*$/;
/** deploy/nginx.conf's cache of the build's files: its directory moved under the prefix, its sizes kept. */
const STATIC_CACHE_PATH = /^(\s*)proxy_cache_path\s+\S+(\s.*)$/;

/**
 * deploy/nginx-main.conf with its paths under `prefix` and its include of conf.d/ replaced by
 * deploy/nginx.conf (substituted as above): one self-contained file.
 */
export function renderNginxConfig(options: NginxConfigOptions): string {
  const { prefix } = options;
  const body = substituteServers(options.template, options);
  const out = [
    '# Written by `npm run scale-out` from deploy/nginx-main.conf, deploy/nginx.conf and deploy/nginx-proxy.conf; rewritten at each start.',
    ...(options.workerUser ? [`user ${options.workerUser};`] : []),
  ];
  let included = 0;
  let caches = 0;
  for (const line of options.main.split('\n')) {
    const include = INCLUDE_SERVERS.exec(line);
    if (include) {
      included += 1;
      const indent = include[1] ?? '';
      for (const kind of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
        out.push(`${indent}${kind}_temp_path ${prefix}/temp/${kind};`);
      }
      out.push('', `${indent}# ── deploy/nginx.conf ──`);
      for (const served of body.split('\n')) {
        const cache = STATIC_CACHE_PATH.exec(served);
        if (cache) caches += 1;
        const line = cache ? `${cache[1]}proxy_cache_path ${prefix}/temp/static-cache${cache[2]}` : served;
        out.push(line ? `${indent}${line}` : line);
      }
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
  if (caches !== 1) throw new Error(`deploy/nginx.conf: expected one proxy_cache_path line, found ${caches}`);
  return out.join('\n');
}
