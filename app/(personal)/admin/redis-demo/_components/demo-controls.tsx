'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/app/_components/form-field';
import { IDLE, type FormState } from '@/lib/http/form-state';
import { resetAction, runAllAction, stepAction } from '../actions';

type Action = (previous: FormState, formData: FormData) => Promise<FormState>;

/** One button, one form: a plain POST without JavaScript, an in-place update with it. */
function ActionButton({ action, label, disabled }: { action: Action; label: string; disabled?: boolean }) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="flex flex-col gap-1">
      <button
        type="submit"
        disabled={disabled || pending}
        className="rounded-full bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-50"
      >
        {label}
      </button>
      <FormMessage status={state.status} message={state.message} />
    </form>
  );
}

/** "Step" runs the next step, "Run All" the rest, "Reset" drops the run and its keys. */
export function DemoControls({ finished }: { finished: boolean }) {
  return (
    <div className="flex flex-wrap items-start gap-3">
      <ActionButton action={stepAction} label="Step" disabled={finished} />
      <ActionButton action={runAllAction} label="Run All" disabled={finished} />
      <ActionButton action={resetAction} label="Reset" />
    </div>
  );
}
