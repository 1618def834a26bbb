'use client';

import { useEffect, useState } from 'react';
import { announceViewerChange, onViewerChange } from '@/lib/client/viewer-events';
import type { ViewerSummary } from './viewer-nav';

/**
 * The visitor as GET /api/viewer describes them, or null until it answers (or while Redis is down).
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
      .then((response) => (response.ok ? (response.json() as Promise<ViewerSummary>) : null))
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
