'use client';

import { useActionState } from 'react';
import { changePasswordAction } from '@/app/(personal)/account/actions';
import { FormField, FormMessage, primaryButton } from '@/app/_components/form-field';
import { IDLE } from '@/lib/http/form-state';

/** A new password also ends every other session of the user (lib/auth changePassword). */
export function ChangePasswordForm({ passwordMin }: { passwordMin: number }) {
  const [state, formAction] = useActionState(changePasswordAction, IDLE);
  return (
    <form action={formAction} className="flex max-w-sm flex-col gap-4" noValidate>
      <FormMessage status={state.status} message={state.message} />
      <FormField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        error={state.fields?.currentPassword}
      />
      <FormField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        minLength={passwordMin}
        error={state.fields?.newPassword}
      />
      <button type="submit" className={primaryButton}>
        Change password
      </button>
    </form>
  );
}
