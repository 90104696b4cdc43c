import { useId, type ReactNode } from 'react';
import type { Message } from '../../../shared/i18n/message.ts';
import { useFormatMessage } from '../useMessage.ts';

interface FieldProps {
  label: string;
  errors?: Message[];
  hint?: string;
  required?: boolean;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}

/** Label, control, hint and located errors, wired for screen readers (aria-describedby). */
export function Field({ label, errors = [], hint, required, children }: FieldProps) {
  const id = useId();
  const format = useFormatMessage();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy =
    [errors.length ? errorId : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={errors.length ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {children({ id, describedBy, invalid: errors.length > 0 })}
      {hint && (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      )}
      {errors.length > 0 && (
        <div id={errorId} className="field-error" role="alert">
          {errors.map((e, i) => (
            <div key={i}>{format(e)}</div>
          ))}
        </div>
      )}
    </div>
  );
}
