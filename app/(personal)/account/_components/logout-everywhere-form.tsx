'use client';

import { useActionState } from 'react';
import { logOutEverywhereAction } from '@/app/(personal)/account/actions';
import { FormMessage } from '@/app/_components/form-field';
import { IDLE } from '@/lib/http/form-state';

/**
 * Ends every session of the user (other browsers, phones, …), this one included. "Sign out", not "Log
 * out": the header's "Log out" stays the only button a search for that name finds on the account page.
 */
export function LogoutEverywhereForm() {
  const [state, formAction] = useActionState(logOutEverywhereAction, IDLE);
  return (
    <form action={formAction} className="flex flex-col items-start gap-3">
      <FormMessage status={state.status} message={state.message} />
      <button
        type="submit"
        className="rounded-full border border-red-300 bg-white px-5 py-2 font-semibold text-red-700 hover:border-red-500"
      >
        Sign out everywhere
      </button>
    </form>
  );
}
