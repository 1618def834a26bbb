/**
 * What a form's server action answers (useActionState's state). Plain data, safe for client components.
 * `fields` maps a field's name to its message; `values` gives back what was typed when the form shows again.
 */
export interface FormState {
  status: 'idle' | 'ok' | 'error';
  message?: string;
  fields?: Record<string, string>;
  values?: Record<string, string>;
  /** The server is busy (a 503, e.g. a sign-in rush): the form may send itself again after this long. */
  retryAfterSeconds?: number;
}

export const IDLE: FormState = { status: 'idle' };
