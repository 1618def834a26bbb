'use client';

import { useEffect, useState } from 'react';
import { announceViewerChange, onViewerChange } from '@/lib/client/viewer-events';
import type { ViewerSummary } from './viewer-nav';

/** A guest with an empty cart: also what the corner shows while sessions cannot be read (a 503). */
export const SIGNED_OUT: ViewerSummary = { user: null, cartCount: 0 };

/**
 * The visitor as GET /api/viewer describes them, or null until it answers. While Redis is down (503) the
 * corner shows a guest, as pages rendered on the server do.
 * Asked when a catalog page's layout appears (coming back from a personal page, where signing in and out
 * and checking out happen, shows it again) and whenever a form announces a change; an answer that
 * arrives after a newer question is dropped.
 */
export function useViewer(): [ViewerSummary | null, (viewer: ViewerSummary | null) => void] {
  const [viewer, setViewer] = useState<ViewerSummary | null>(null);
  const [asked, setAsked] = useState(0);

  useEffect(() => onViewerChange(() => setAsked((count) => count + 1)), []);

  useEffect(() => {
    const controller = new AbortController();
    fetch('/api/viewer', { cache: 'no-store', signal: controller.signal })
      .then((response) =>
        response.ok
          ? (response.json() as Promise<ViewerSummary>)
          : response.status === 503
            ? SIGNED_OUT
            : null,
      )
      .then((answer) => setViewer(answer))
      .catch(() => {
        if (!controller.signal.aborted) setViewer(null);
      });
    return () => controller.abort();
  }, [asked]);

  return [viewer, setViewer];
}

/** Tells the header to ask again after each successful submission of a form that changed the cart. */
export function useAnnounceViewerChange(state: { status: string }): void {
  useEffect(() => {
    if (state.status === 'ok') announceViewerChange();
  }, [state]);
}
