'use client';

import { useActionState } from 'react';
import { logInAction } from '@/app/(personal)/account/actions';
import { FormField, FormMessage, primaryButton } from '@/app/_components/form-field';
import { IDLE } from '@/lib/http/form-state';

export function LoginForm({ next }: { next?: string }) {
  const [state, formAction] = useActionState(logInAction, IDLE);
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <FormMessage status={state.status} message={state.message} />
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
      <button type="submit" className={primaryButton}>
        Log in
      </button>
    </form>
  );
}
