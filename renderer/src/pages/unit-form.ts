/** The unit profile form as typed (strings everywhere), and its mapping to validation errors. */
import type { Message } from '../../../shared/i18n/message.ts';
import { newId } from '../../../shared/util/ids.ts';

export interface ContactForm {
  name: string;
  role: string;
  phone: string;
  email: string;
}

export interface UnitForm {
  id: string;
  name: string;
  uscc: string;
  type: string;
  regionCode: string;
  address: string;
  contacts: ContactForm[];
}

export function emptyContact(): ContactForm {
  return { name: '', role: '', phone: '', email: '' };
}

export function emptyUnitForm(): UnitForm {
  return {
    id: newId(),
    name: '',
    uscc: '',
    type: '',
    regionCode: '',
    address: '',
    contacts: [emptyContact()],
  };
}

/** Accepts a stored draft or unit record, filling anything missing so the form never crashes. */
export function toUnitForm(source: Record<string, unknown> | undefined): UnitForm {
  const base = emptyUnitForm();
  if (!source) return base;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const contacts = Array.isArray(source.contacts)
    ? source.contacts.map((c: Record<string, unknown>) => ({
        name: str(c?.name),
        role: str(c?.role),
        phone: str(c?.phone),
        email: str(c?.email),
      }))
    : base.contacts;
  return {
    id: str(source.id) || base.id,
    name: str(source.name),
    uscc: str(source.uscc),
    type: str(source.type),
    regionCode: str(source.regionCode),
    address: str(source.address),
    contacts: contacts.length ? contacts : base.contacts,
  };
}

export type FieldErrors = Record<string, Message[]>;

export function groupErrors(errors: { field: string; message: Message }[]): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) (out[e.field] ??= []).push(e.message);
  return out;
}

/** Optional fields left empty are absent, not empty strings, for validation. */
export function toProfileInput(form: UnitForm): Record<string, unknown> {
  const opt = (s: string) => (s.trim() ? s.trim() : undefined);
  return {
    id: form.id,
    name: form.name.trim(),
    uscc: form.uscc,
    type: form.type,
    regionCode: form.regionCode,
    address: opt(form.address),
    contacts: form.contacts.map((c) => ({
      name: c.name.trim(),
      role: opt(c.role),
      phone: c.phone,
      email: opt(c.email),
    })),
  };
}
