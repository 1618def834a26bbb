'use client';

// An error in a group's layout itself: the page without its header.
export { ErrorPage as default } from './_components/error-page';
