/** A labelled input with its error message tied to it (aria-describedby), for the account forms. */
export function FormField({
  label,
  name,
  error,
  ...input
}: {
  label: string;
  name: string;
  error?: string;
} & Omit<React.ComponentProps<'input'>, 'name' | 'id'>) {
  const id = `field-${name}`;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-zinc-700">
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className="rounded-md border border-zinc-300 bg-white px-3 py-2 aria-invalid:border-red-600"
        {...input}
      />
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** The form-level message: an alert for errors, a polite status for successes. */
export function FormMessage({ status, message }: { status: 'idle' | 'ok' | 'error'; message?: string }) {
  if (!message || status === 'idle') return null;
  return status === 'error' ? (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {message}
    </p>
  ) : (
    <p
      role="status"
      className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800"
    >
      {message}
    </p>
  );
}

export const primaryButton =
  'rounded-full bg-brand-600 px-6 py-2.5 font-semibold text-white hover:bg-brand-700 disabled:cursor-not-allowed disabled:bg-zinc-300 disabled:text-zinc-600';
