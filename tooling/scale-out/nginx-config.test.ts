import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PROXY_RULES_INCLUDE, renderNginxConfig, substituteServers } from './nginx-config';
import { ensureNginx, NGINX_MAIN_TEMPLATE, NGINX_PROXY_RULES, NGINX_TEMPLATE } from './nginx';
import { ensureSelfSignedCertificate } from './tls';

const template = readFileSync(NGINX_TEMPLATE, 'utf8');
const main = readFileSync(NGINX_MAIN_TEMPLATE, 'utf8');
const proxyRules = readFileSync(NGINX_PROXY_RULES, 'utf8');
const local = {
  upstreams: ['127.0.0.1:3001', '127.0.0.1:3002', '127.0.0.1:3003'],
  listen: '127.0.0.1:8080',
  listenTls: '127.0.0.1:8443',
  certificate: { certFile: '/p/tls/cert.pem', keyFile: '/p/tls/key.pem' },
  proxyRules,
};
/** The lines the scale-out substitutes: upstream servers, listens, certificates, the redirect, the include. */
const isSubstituted = (line: string) =>
  /^\s*(server\s+\S+:\d+|listen\s|ssl_certificate|if .*return 301|include \/etc\/nginx\/storefront|# \(scale-out)/.test(
    line,
  );

/** The directives of the `location` block whose first line matches `opening`, from a config's text. */
function locationBlock(config: string, opening: RegExp): string[] {
  const lines = config.split('\n').map((line) => line.trim());
  const start = lines.findIndex((line) => line.startsWith('location') && opening.test(line));
  if (start < 0) return [];
  const end = lines.indexOf('}', start);
  return lines.slice(start + 1, end).filter((line) => line && !line.startsWith('#'));
}

describe('the scale-out nginx config made from deploy/nginx.conf and deploy/nginx-proxy.conf', () => {
  const prefix = mkdtempSync(path.join(tmpdir(), 'storefront-nginx-test-'));
  afterAll(() => rmSync(prefix, { recursive: true, force: true }));

  it('replaces the upstream server line with one per instance, same parameters, and both listen addresses', () => {
    const body = substituteServers(template, local);
    const templateServer = template.split('\n').find((line) => /^\s*server app:3000/.test(line))!;
    const parameters = templateServer.trim().replace(/^server app:3000/, '');
    expect(parameters).toMatch(/max_fails=/);
    for (const upstream of local.upstreams) expect(body).toContain(`server ${upstream}${parameters}`);
    expect(body).toContain('listen 127.0.0.1:8080;');
    expect(body).toContain('listen 127.0.0.1:8443 ssl;');
    expect(body).toContain('ssl_certificate /p/tls/cert.pem;');
    expect(body).toContain('ssl_certificate_key /p/tls/key.pem;');
    expect(body).not.toContain('app:3000');
  });

  it('keeps every other line of the template as it is, in order, and the proxy rules in place of each include', () => {
    const marker = '# ── the proxy rules ──';
    const body = substituteServers(template, { ...local, proxyRules: marker });
    const others = (text: string) =>
      text.split('\n').filter((line) => !isSubstituted(line) && line.trim() !== marker);
    expect(others(body)).toEqual(others(template));
    // Both servers, HTTP and HTTPS, get every rule: one source, put in twice.
    const served = substituteServers(template, local).split('\n');
    expect(served.filter((line) => line.trim() === marker)).toEqual([]);
    for (const rule of proxyRules.split('\n').filter((line) => line.trim())) {
      expect(served.filter((line) => line.trim() === rule.trim()).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('ships HTTPS, with plain HTTP redirected to it; the scale-out serves plain HTTP for local use', () => {
    expect(template).toMatch(/^\s*listen 443 ssl;/m);
    expect(template).toMatch(/^\s*listen 80;/m);
    expect(template).toMatch(/^\s*ssl_certificate \/etc\/nginx\/tls\/fullchain\.pem;/m);
    expect(template).toMatch(/^\s*ssl_protocols TLSv1\.2 TLSv1\.3;/m);
    expect(template).toMatch(
      /if \(\$storefront_proto = http\) \{ return 301 https:\/\/\$host\$request_uri; \}/,
    );
    expect(
      template.split('\n').filter((line) => line.includes(`include ${PROXY_RULES_INCLUDE};`)),
    ).toHaveLength(2);
    expect(substituteServers(template, local)).not.toContain('return 301');
    expect(substituteServers(template, { ...local, redirectHttp: true })).toContain('return 301 https://');
  });

  it('never passes on what a client claims: X-Forwarded-Proto from the listener or a trusted terminator, X-Forwarded-Host the real host', () => {
    expect(proxyRules).toMatch(/^proxy_set_header X-Forwarded-Proto \$storefront_proto;$/m);
    expect(proxyRules).toMatch(/^proxy_set_header X-Forwarded-Host \$http_host;$/m);
    expect(proxyRules).toMatch(/^proxy_set_header X-Forwarded-Port "";$/m);
    expect(proxyRules).not.toContain('$scheme');
    // Trusted terminators: none as shipped, so a client's X-Forwarded-Proto is believed from nobody.
    const geo = /geo \$storefront_from_terminator \{([^}]*)\}/.exec(template)?.[1] ?? '';
    expect(geo.split('\n').filter((line) => line.trim() && !line.trim().startsWith('#'))).toEqual([
      '    default 0;',
    ]);
    expect(main).toMatch(/^\s*server_tokens off;/m);
  });

  it('limits POSTs to sign-in, registration and checkout (pages and JSON routes), with 429 and Retry-After', () => {
    const body = substituteServers(template, local);
    expect(body).toMatch(/limit_req_zone \$storefront_limited_client zone=storefront_auth:\S+ rate=20r\/m;/);
    expect(body).toMatch(
      /limit_req_zone \$storefront_limited_client zone=storefront_checkout:\S+ rate=5r\/s;/,
    );
    expect(proxyRules).toMatch(/^limit_req_status 429;$/m);
    const auth = locationBlock(proxyRules, /login\|register/);
    const checkout = locationBlock(proxyRules, /api\/checkout\|cart/);
    expect(auth).toContain('limit_req zone=storefront_auth burst=10 nodelay;');
    expect(checkout).toContain('limit_req zone=storefront_checkout burst=20 nodelay;');
    // The paths each location takes: exactly these six.
    const paths = ['/login', '/register', '/api/auth/login', '/api/auth/register', '/api/checkout', '/cart'];
    const pattern = (opening: RegExp) =>
      new RegExp(/location ~ (\S+) \{/.exec(proxyRules.split('\n').find((line) => opening.test(line))!)![1]!);
    const limited = [pattern(/login\|register/), pattern(/api\/checkout\|cart/)];
    expect(paths.filter((served) => limited.some((regex) => regex.test(served)))).toEqual(paths);
    // Never the sale's event stream: watchers reconnecting at once after a deploy must not be refused.
    for (const other of [
      '/api/cart/items',
      '/products/x',
      '/cart/x',
      '/api/auth/me',
      '/login/x',
      '/api/sales/1/events',
    ]) {
      expect(limited.some((regex) => regex.test(other))).toBe(false);
    }
    for (const named of ['@storefront_auth_limited', '@storefront_checkout_limited']) {
      const block = locationBlock(proxyRules, new RegExp(named));
      expect(block).toContainEqual(expect.stringMatching(/^add_header Retry-After \d+ always;$/));
      expect(block).toContainEqual(expect.stringMatching(/^return 429 '\{"error":"[^"]+"\}';$/));
    }
  });

  it("buffers every answer but the streams: a sale's event stream unbuffered, with a read timeout above its 15 s heartbeat", () => {
    expect(proxyRules).toMatch(/^proxy_buffering on;$/m);
    const unbuffered = proxyRules.split('\n').filter((line) => /proxy_buffering\s+off/.test(line));
    expect(unbuffered).toHaveLength(1);
    const events = locationBlock(proxyRules, /\^\/api\/sales\/\[\^\/\]\+\/events\$/);
    expect(events).toContain('proxy_buffering off;');
    const timeout = events.find((line) => line.startsWith('proxy_read_timeout'));
    expect(Number(/(\d+)s;/.exec(timeout ?? '')?.[1])).toBeGreaterThan(15);
  });

  it('is a configuration nginx accepts (nginx -t), with every path under its prefix', async () => {
    const nginx = await ensureNginx();
    mkdirSync(path.join(prefix, 'temp'), { recursive: true });
    const certificate = await ensureSelfSignedCertificate(prefix);
    for (const redirectHttp of [false, true]) {
      const config = renderNginxConfig({ ...local, main, template, certificate, redirectHttp, prefix });
      const file = path.join(prefix, 'nginx.conf');
      writeFileSync(file, config);
      const error = path.join(prefix, 'error.log');
      const { stderr } = await promisify(execFile)(nginx, ['-p', prefix, '-c', file, '-e', error, '-t']);
      expect(stderr).toMatch(/test is successful/);
      for (const [, ...values] of config.matchAll(
        /_path (\S+);|pid (\S+);|_log (\S+)|ssl_certificate\S* (\S+);|proxy_cache_path (\S+) /g,
      )) {
        for (const value of values) if (value) expect(value.startsWith(prefix)).toBe(true);
      }
    }
  });

  it("keeps the build's files (/_next/static/) in a cache of its own: 200s only, keyed by path and gzip or not", () => {
    const config = renderNginxConfig({ ...local, main, template, prefix: '/p' });
    expect(config).toMatch(
      /^\s*proxy_cache_path \/p\/temp\/static-cache levels=1:2 keys_zone=storefront_static:\S+ /m,
    );
    expect(template).toMatch(/^proxy_cache_path \/var\/cache\/nginx\/storefront-static /m);
    const statics = locationBlock(proxyRules, /^location \/_next\/static\/ \{/);
    expect(statics).toEqual(
      expect.arrayContaining([
        'proxy_cache storefront_static;',
        'proxy_cache_key $uri$storefront_accept_encoding;',
        'proxy_cache_valid 200 30d;',
        'proxy_cache_lock on;',
        'proxy_pass http://storefront;',
      ]),
    );
    // Only there: pages and the JSON API are never kept by nginx.
    expect(proxyRules.match(/^\s*proxy_cache\s/gm)).toHaveLength(1);
    // A cookie-setting answer is never kept (nginx's default): Set-Cookie is not among the ignored headers.
    expect(statics.find((line) => line.startsWith('proxy_ignore_headers'))).not.toMatch(/Set-Cookie/);
    expect(() =>
      renderNginxConfig({
        ...local,
        main,
        template: template.replace(/^proxy_cache_path.*$/m, ''),
        prefix: '/p',
      }),
    ).toThrow(/proxy_cache_path/);
  });

  it("keeps deploy/nginx-main.conf's settings, with deploy/nginx.conf in place of its conf.d include", () => {
    const config = renderNginxConfig({ ...local, main, template, prefix: '/p' });
    const settings = (text: string) =>
      text
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => /^(worker_|log_format|events|http|server_tokens)/.test(line));
    expect(settings(main)).toContain('worker_connections 8192;');
    expect(settings(config)).toEqual(settings(main));
    expect(config).not.toMatch(/^\s*include\s/m);
    expect(config).toContain('server 127.0.0.1:3001');
    expect(config).toContain('access_log /p/access.log upstream buffer=64k flush=1s;');
    expect(config).toContain('error_log /p/error.log warn;');
  });

  it('refuses a main context without its conf.d include', () => {
    expect(() =>
      renderNginxConfig({ ...local, main: 'events {}\nhttp {}\n', template, prefix: '/p' }),
    ).toThrow(/include/);
  });

  it('refuses a template without an upstream server, a listen, its TLS server or its redirect', () => {
    expect(() => substituteServers('server { listen 80; }', local)).toThrow(/no server line/);
    expect(() => substituteServers('upstream a {\n server x:1;\n}\n', local)).toThrow(/listen/);
    const without = (pattern: RegExp) =>
      template
        .split('\n')
        .filter((line) => !pattern.test(line))
        .join('\n');
    expect(() => substituteServers(without(/listen 443 ssl/), local)).toThrow(/listenTls/);
    expect(() => substituteServers(without(/return 301/), local)).toThrow(/redirects/);
    expect(() => substituteServers(without(/ssl_certificate_key/), local)).toThrow(/certificates/);
  });
});
