import { noSuchRoute } from '@/lib/http/no-such-route';

/** Any /api/admin address no other route serves: 401 signed out, 403 without the role, else a JSON 404. */
const handlers = noSuchRoute('admin');

export const { GET, POST, PUT, PATCH, DELETE } = handlers;
