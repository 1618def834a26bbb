import type { StepView } from '@/lib/admin/redis-demo/types';

/** The six steps: what each shows, and what it measured once it ran. */
export function StepList({ steps, next }: { steps: StepView[]; next: number }) {
  return (
    <ol className="space-y-3">
      {steps.map((step) => (
        <li
          key={step.number}
          aria-current={step.number === next ? 'step' : undefined}
          className="rounded-md border border-zinc-200 px-4 py-3 aria-[current=step]:border-brand-600"
        >
          <h3 className="font-semibold">
            {step.number}. {step.title}
            {step.number === next && <span className="ml-2 text-sm font-normal text-brand-700">next</span>}
          </h3>
          <p className="text-sm text-zinc-600">{step.explanation}</p>
          {step.summary && (
            <p className="mt-1 text-sm font-medium" data-testid={`step-summary-${step.number}`}>
              {step.summary}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
