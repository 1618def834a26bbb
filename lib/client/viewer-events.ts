/*
 * "Who is looking, or their cart, just changed": the header's personal corner fetches itself again. Sent
 * by the forms that change the cart without leaving the page (a navigation refetches anyway).
 */
const VIEWER_CHANGED = 'storefront:viewer-changed';

export function announceViewerChange(): void {
  window.dispatchEvent(new Event(VIEWER_CHANGED));
}

/** Calls `listener` on every announcement; returns the unsubscribe. */
export function onViewerChange(listener: () => void): () => void {
  window.addEventListener(VIEWER_CHANGED, listener);
  return () => window.removeEventListener(VIEWER_CHANGED, listener);
}
