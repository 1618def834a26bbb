/*
 * The admin form's multi-line and select fields, shaped like the account forms' FormField (label tied to
 * the control, the error tied to it by aria-describedby) so every field reads the same to a screen reader.
 */

const controlClass = 'rounded-md border border-zinc-300 bg-white px-3 py-2 aria-invalid:border-red-600';

function FieldShell({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: React.ReactNode;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-zinc-700">
        {label}
      </label>
      {children}
      {hint && !error && (
        <p id={`${id}-hint`} className="text-xs text-zinc-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

const describedBy = (id: string, error?: string, hint?: string) =>
  error ? `${id}-error` : hint ? `${id}-hint` : undefined;

export function TextAreaField({
  label,
  name,
  error,
  hint,
  ...textarea
}: { label: string; name: string; error?: string; hint?: string } & Omit<
  React.ComponentProps<'textarea'>,
  'name' | 'id'
>) {
  const id = `field-${name}`;
  return (
    <FieldShell id={id} label={label} error={error} hint={hint}>
      <textarea
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        className={controlClass}
        {...textarea}
      />
    </FieldShell>
  );
}

export function SelectField({
  label,
  name,
  error,
  options,
  ...select
}: {
  label: string;
  name: string;
  error?: string;
  options: { value: string; label: string }[];
} & Omit<React.ComponentProps<'select'>, 'name' | 'id'>) {
  const id = `field-${name}`;
  return (
    <FieldShell id={id} label={label} error={error}>
      <select
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error)}
        className={controlClass}
        {...select}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
