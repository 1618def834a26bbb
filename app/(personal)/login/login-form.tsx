'use client';

import { useActionState } from 'react';
import { logInAction } from '@/app/(personal)/account/actions';
import { BusyNotice, useBusyRetry } from '@/app/_components/busy-retry';
import { FormField, FormMessage, primaryButton } from '@/app/_components/form-field';
import { IDLE } from '@/lib/http/form-state';

export function LoginForm({ next }: { next?: string }) {
  const [state, formAction] = useActionState(logInAction, IDLE);
  const busy = useBusyRetry(state, formAction);
  return (
    <form action={formAction} onSubmit={busy.onSubmit} className="flex flex-col gap-4" noValidate>
      {busy.notice ? (
        <BusyNotice notice={busy.notice} />
      ) : (
        <FormMessage status={state.status} message={state.message} />
      )}
      {next && <input type="hidden" name="next" value={next} />}
      <FormField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        error={state.fields?.email}
      />
      <FormField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={state.fields?.password}
      />
      <label className="flex items-center gap-2 text-sm text-zinc-700">
        <input
          type="checkbox"
          name="keepSignedIn"
          defaultChecked={state.values?.keepSignedIn === 'on'}
          className="size-4 accent-brand-600"
        />
        Keep me signed in (for a week, or until you log out: sign in before a sale starts)
      </label>
      <button type="submit" className={primaryButton}>
        Log in
      </button>
    </form>
  );
}
