/**
 * Registry of the templates that ship with the app. Each is written as a TemplateInput and parsed
 * with templateSchema (defaults applied) the first time it is asked for, then cached and frozen:
 * callers that want to change a built-in template must copy it (structuredClone) first.
 */
import { templateSchema, type Template, type TemplateInput } from '../domain/template.ts';
import { keyTasks2023 } from './keytasks-2023.ts';
import { shuangGao2024 } from './shuanggao-2024.ts';

const BUILTIN_INPUTS: readonly TemplateInput[] = [keyTasks2023, shuangGao2024];

let cache: Template[] | undefined;

/** Freeze the cached copy so no caller can change the built-in template for everyone else. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function parsed(): Template[] {
  if (!cache) cache = BUILTIN_INPUTS.map((input) => deepFreeze(templateSchema.parse(input)));
  return cache;
}

/** All built-in templates, in registry order. */
export function listBuiltinTemplates(): Template[] {
  return [...parsed()];
}

/** The built-in template with this id, or undefined. */
export function getBuiltinTemplate(id: string): Template | undefined {
  return parsed().find((t) => t.id === id);
}
