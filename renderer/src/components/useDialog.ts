import { useEffect, useRef, type KeyboardEvent } from 'react';

/**
 * What a modal dialog owes keyboard and screen-reader users: focus moves into it when it opens,
 * goes back where it was when it closes, and Escape closes it.
 */
export function useDialog(onClose: () => void) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    ref.current?.focus();
    return () => previous?.focus();
  }, []);
  return {
    ref,
    tabIndex: -1,
    onKeyDown: (e: KeyboardEvent<HTMLDivElement>) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      }
    },
  };
}
