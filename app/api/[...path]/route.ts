import { noSuchRoute } from '@/lib/http/no-such-route';

/** Any /api address no other route serves: a JSON 404 `{error}`, not the site's HTML page. */
const handlers = noSuchRoute('public');

export const { GET, POST, PUT, PATCH, DELETE } = handlers;
