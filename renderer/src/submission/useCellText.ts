import { useState } from 'react';

/**
 * What a cell shows: exactly what is being typed while the person types in it, otherwise the
 * stored value formatted (so a paste, an undo or a reload shows up even in the focused cell).
 */
export function useCellText(display: string) {
  const [text, setText] = useState(display);
  const [editing, setEditing] = useState(false);
  return {
    value: editing ? text : display,
    editing,
    change(next: string) {
      setText(next);
      setEditing(true);
    },
    stop() {
      setEditing(false);
    },
  };
}
