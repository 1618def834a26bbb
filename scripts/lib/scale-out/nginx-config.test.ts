import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { renderNginxConfig, substituteServers } from './nginx-config';
import { ensureNginx, NGINX_MAIN_TEMPLATE, NGINX_TEMPLATE } from './nginx';

const template = readFileSync(NGINX_TEMPLATE, 'utf8');
const main = readFileSync(NGINX_MAIN_TEMPLATE, 'utf8');
const upstreams = ['127.0.0.1:3001', '127.0.0.1:3002', '127.0.0.1:3003'];
const isServerOrListen = (line: string) => /^\s*(server\s+\S+:\d+|listen\s)/.test(line);

describe('the scale-out nginx config made from deploy/nginx.conf', () => {
  const prefix = mkdtempSync(path.join(tmpdir(), 'storefront-nginx-test-'));
  afterAll(() => rmSync(prefix, { recursive: true, force: true }));

  it('replaces the upstream server line with one per instance, same parameters, and the listen address', () => {
    const body = substituteServers(template, upstreams, '127.0.0.1:8080');
    const templateServer = template.split('\n').find((line) => /^\s*server app:3000/.test(line))!;
    const parameters = templateServer.trim().replace(/^server app:3000/, '');
    expect(parameters).toMatch(/max_fails=/);
    for (const upstream of upstreams) expect(body).toContain(`server ${upstream}${parameters}`);
    expect(body).toContain('listen 127.0.0.1:8080;');
    expect(body).not.toContain('app:3000');
  });

  it('keeps every other line of the template as it is, in order', () => {
    const body = substituteServers(template, upstreams, '127.0.0.1:8080');
    const others = (text: string) => text.split('\n').filter((line) => !isServerOrListen(line));
    expect(others(body)).toEqual(others(template));
  });

  it('is a configuration nginx accepts (nginx -t), with every path under its prefix', async () => {
    const nginx = await ensureNginx();
    mkdirSync(path.join(prefix, 'temp'), { recursive: true });
    const config = renderNginxConfig({ main, template, upstreams, listen: '127.0.0.1:8080', prefix });
    const file = path.join(prefix, 'nginx.conf');
    writeFileSync(file, config);
    const error = path.join(prefix, 'error.log');
    const { stderr } = await promisify(execFile)(nginx, ['-p', prefix, '-c', file, '-e', error, '-t']);
    expect(stderr).toMatch(/test is successful/);
    for (const [, value] of config.matchAll(/_path (\S+);|pid (\S+);|_log (\S+)/g)) {
      if (value) expect(value.startsWith(prefix)).toBe(true);
    }
  });

  it("keeps deploy/nginx-main.conf's settings, with deploy/nginx.conf in place of its conf.d include", () => {
    const config = renderNginxConfig({ main, template, upstreams, listen: '127.0.0.1:8080', prefix: '/p' });
    const settings = (text: string) =>
      text
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => /^(worker_|log_format|events|http)/.test(line));
    expect(settings(main)).toContain('worker_connections 8192;');
    expect(settings(config)).toEqual(settings(main));
    expect(config).not.toMatch(/^\s*include\s/m);
    expect(config).toContain('server 127.0.0.1:3001');
    expect(config).toContain('access_log /p/access.log upstream buffer=64k flush=1s;');
    expect(config).toContain('error_log /p/error.log warn;');
  });

  it('refuses a main context without its conf.d include', () => {
    expect(() =>
      renderNginxConfig({ main: 'events {}\nhttp {}\n', template, upstreams, listen: '1', prefix: '/p' }),
    ).toThrow(/include/);
  });

  it('refuses a template without an upstream server or with no listen line', () => {
    expect(() => substituteServers('server { listen 80; }', upstreams, '1')).toThrow(/no server line/);
    expect(() => substituteServers('upstream a {\n server x:1;\n}\n', upstreams, '1')).toThrow(/listen/);
  });
});
