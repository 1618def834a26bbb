'use client';

import { useActionState } from 'react';
import { registerAction } from '@/app/(personal)/account/actions';
import { BusyNotice, useBusyRetry } from '@/app/_components/busy-retry';
import { FormField, FormMessage, primaryButton } from '@/app/_components/form-field';
import { IDLE } from '@/lib/http/form-state';

/** `passwordMin` comes from the server's schema, so the client bundle needs no Zod. */
export function RegisterForm({ next, passwordMin }: { next?: string; passwordMin: number }) {
  const [state, formAction] = useActionState(registerAction, IDLE);
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
        label="Name"
        name="name"
        autoComplete="name"
        required
        maxLength={100}
        defaultValue={state.values?.name}
        error={state.fields?.name}
      />
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
        autoComplete="new-password"
        required
        minLength={passwordMin}
        error={state.fields?.password}
      />
      <p className="-mt-2 text-sm text-zinc-600">At least {passwordMin} characters.</p>
      <button type="submit" className={primaryButton}>
        Create account
      </button>
    </form>
  );
}
