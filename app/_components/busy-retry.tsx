'use client';

import { startTransition, useEffect, useRef, useState, type FormEvent } from 'react';
import type { FormState } from '@/lib/http/form-state';

/*
 * A form whose action may answer "busy, come back in N s" (a sign-in rush: lib/auth/password-checks.ts)
 * sends itself again when the wait is over, saying so meanwhile, with what was typed (React resets a form
 * after its action, so the submitted values are kept here). Without JavaScript the server's message shows
 * and the person sends the form again.
 */
export function useBusyRetry(state: FormState, formAction: (formData: FormData) => void) {
  const submitted = useRef<FormData | null>(null);
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);

  useEffect(() => {
    const wait = state.retryAfterSeconds;
    if (wait === undefined || !submitted.current) return;
    const formData = submitted.current;
    let left = wait;
    setSecondsLeft(left);
    const timer = setInterval(() => {
      left -= 1;
      if (left > 0) return setSecondsLeft(left);
      clearInterval(timer);
      setSecondsLeft(null);
      startTransition(() => formAction(formData));
    }, 1000);
    return () => clearInterval(timer);
  }, [state, formAction]);

  return {
    onSubmit: (event: FormEvent<HTMLFormElement>) => {
      submitted.current = new FormData(event.currentTarget);
    },
    /** The line to show instead of the server's message while a retry is pending, or null. */
    notice: secondsLeft === null ? null : `Many people are signing in; trying again in ${secondsLeft} s.`,
  };
}

export function BusyNotice({ notice }: { notice: string | null }) {
  if (!notice) return null;
  return (
    <p
      role="status"
      className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
    >
      {notice}
    </p>
  );
}
