'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** Renders the page again every `seconds` (with JavaScript; the page's meta refresh does it without). */
export function RefreshEvery({ seconds }: { seconds: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), seconds * 1000);
    return () => clearInterval(timer);
  }, [router, seconds]);
  return null;
}
