import { expect, it } from 'vitest';
import { buildFilesOf } from './first-view-cost';

it("lists the build files a browser loads for a page: scripts and stylesheets once each, not the noModule polyfill, not another site's", () => {
  const html = [
    '<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/a.js"/>',
    '<script src="/_next/static/chunks/a.js" async=""></script>',
    '<script src="/_next/static/chunks/b.js" async="" integrity="sha256-x"></script>',
    '<link rel="stylesheet" href="/_next/static/chunks/c.css" data-precedence="next"/>',
    '<script src="/_next/static/chunks/polyfill.js" integrity="sha256-y" noModule=""></script>',
    '<script src="https://elsewhere.example/x.js"></script>',
    '<a href="/products">Products</a>',
  ].join('');
  expect(buildFilesOf(html)).toEqual([
    '/_next/static/chunks/a.js',
    '/_next/static/chunks/b.js',
    '/_next/static/chunks/c.css',
  ]);
});
