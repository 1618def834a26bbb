'use client';

// Inside the group's layout, so the error page keeps the header.
export { ErrorPage as default } from '../_components/error-page';
