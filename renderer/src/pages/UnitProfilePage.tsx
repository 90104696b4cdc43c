import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { db } from '../db.ts';
import { useUi } from '../store/ui.ts';
import {
  emptyContact,
  groupErrors,
  toProfileInput,
  toUnitForm,
  type ContactForm,
  type FieldErrors,
  type UnitForm,
} from './unit-form.ts';
import {
  getActiveUnit,
  loadUnitDraft,
  saveUnitDraft,
  saveUnitProfile,
  toStorageError,
} from '../../../shared/db/index.ts';
import { UNIT_TYPES, validateUnitProfile } from '../../../shared/domain/unit.ts';
import { checkUscc } from '../../../shared/domain/uscc.ts';
import { citiesOf, provinces, regionByCode } from '../../../shared/domain/regions.ts';

const ACTOR = 'local-user';

export function UnitProfilePage() {
  const { t } = useTranslation();
  const notify = useUi((s) => s.notify);
  const [form, setForm] = useState<UnitForm | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});

  useEffect(() => {
    let alive = true;
    void (async () => {
      const draft = await loadUnitDraft(db);
      const unit = draft ? undefined : await getActiveUnit(db);
      if (alive) setForm(toUnitForm((draft ?? unit) as Record<string, unknown> | undefined));
    })();
    return () => {
      alive = false;
    };
  }, []);

  const provinceList = useMemo(() => provinces(), []);
  if (!form) return <p className="loading">{t('app.loading')}</p>;

  const region = form.regionCode ? regionByCode(form.regionCode) : undefined;
  const provinceCode = region?.province.code ?? '';
  const cityList = provinceCode ? citiesOf(provinceCode) : [];

  /** Every keystroke is kept as a draft at once, so nothing typed is lost on a crash or reload. */
  function update(next: UnitForm) {
    setForm(next);
    saveUnitDraft(db, { ...next }).catch((e: unknown) => notify('error', toStorageError(e).userMessage));
  }

  function set<K extends keyof UnitForm>(key: K, value: UnitForm[K]) {
    update({ ...form!, [key]: value });
  }

  function setContact(index: number, patch: Partial<ContactForm>) {
    set(
      'contacts',
      form!.contacts.map((c, i) => (i === index ? { ...c, ...patch } : c)),
    );
  }

  function checkUsccNow(value: string) {
    const result = checkUscc(value);
    setErrors((e) => ({ ...e, uscc: result.ok ? [] : result.errors.map((x) => x.message) }));
  }

  async function save() {
    const result = validateUnitProfile(toProfileInput(form!));
    if (!result.ok) {
      setErrors(groupErrors(result.errors));
      notify('error', { key: 'unit.saveInvalid', params: { count: result.errors.length } });
      const first = document.querySelector<HTMLElement>('.field-invalid input, .field-invalid select');
      first?.focus();
      return;
    }
    try {
      await saveUnitProfile(db, result.unit, ACTOR);
      setErrors({});
      setForm(toUnitForm(result.unit as unknown as Record<string, unknown>));
      notify('success', { key: 'unit.saved' });
    } catch (e) {
      notify('error', toStorageError(e).userMessage);
    }
  }

  return (
    <form
      className="unit-form"
      aria-labelledby="unit-form-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="unit-form-title">{t('unit.title')}</h2>
      <p className="page-intro">{t('unit.intro')}</p>
      <div className="form-grid">
        <Field label={t('unit.name')} required errors={errors.name}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={form.name}
              onChange={(e) => set('name', e.target.value)}
            />
          )}
        </Field>
        <Field label={t('unit.uscc')} required errors={errors.uscc} hint={t('unit.usccHint')}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={form.uscc}
              maxLength={40}
              autoComplete="off"
              spellCheck={false}
              className="mono"
              onChange={(e) => {
                set('uscc', e.target.value);
                if (errors.uscc?.length || e.target.value.replace(/\s|-/g, '').length >= 18)
                  checkUsccNow(e.target.value);
              }}
              onBlur={(e) => e.target.value && checkUsccNow(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('unit.type')} required errors={errors.type}>
          {({ id, describedBy, invalid }) => (
            <select
              id={id}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={form.type}
              onChange={(e) => set('type', e.target.value)}
            >
              <option value="">{t('form.choose')}</option>
              {UNIT_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`unitType.${type}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="field-pair">
          <Field label={t('unit.province')} required errors={errors.regionCode}>
            {({ id, describedBy, invalid }) => (
              <select
                id={id}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                value={provinceCode}
                onChange={(e) => set('regionCode', e.target.value)}
              >
                <option value="">{t('form.choose')}</option>
                {provinceList.map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('unit.city')}>
            {({ id }) => (
              <select
                id={id}
                value={region?.city?.code ?? ''}
                disabled={!provinceCode}
                onChange={(e) => set('regionCode', e.target.value || provinceCode)}
              >
                <option value="">{t('form.choose')}</option>
                {cityList.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field label={t('unit.address')} errors={errors.address}>
          {({ id, describedBy }) => (
            <input
              id={id}
              aria-describedby={describedBy}
              value={form.address}
              onChange={(e) => set('address', e.target.value)}
            />
          )}
        </Field>
      </div>

      <fieldset className="contacts">
        <legend>{t('unit.contacts')}</legend>
        {errors.contacts && (
          <div className="field-error" role="alert">
            {errors.contacts.map((m) => t(m.key, m.params ?? {})).join(' ')}
          </div>
        )}
        {form.contacts.map((c, i) => (
          <div className="contact-row" key={i} role="group" aria-label={t('unit.contactN', { n: i + 1 })}>
            <Field label={t('unit.contactName')} required errors={errors[`contacts.${i}.name`]}>
              {({ id, describedBy, invalid }) => (
                <input
                  id={id}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  value={c.name}
                  onChange={(e) => setContact(i, { name: e.target.value })}
                />
              )}
            </Field>
            <Field label={t('unit.contactRole')}>
              {({ id }) => (
                <input id={id} value={c.role} onChange={(e) => setContact(i, { role: e.target.value })} />
              )}
            </Field>
            <Field label={t('unit.contactPhone')} required errors={errors[`contacts.${i}.phone`]}>
              {({ id, describedBy, invalid }) => (
                <input
                  id={id}
                  type="tel"
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  value={c.phone}
                  onChange={(e) => setContact(i, { phone: e.target.value })}
                />
              )}
            </Field>
            <Field label={t('unit.contactEmail')} errors={errors[`contacts.${i}.email`]}>
              {({ id, describedBy, invalid }) => (
                <input
                  id={id}
                  type="email"
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  value={c.email}
                  onChange={(e) => setContact(i, { email: e.target.value })}
                />
              )}
            </Field>
            {form.contacts.length > 1 && (
              <button
                type="button"
                className="link-button"
                onClick={() =>
                  set(
                    'contacts',
                    form.contacts.filter((_, j) => j !== i),
                  )
                }
              >
                {t('unit.removeContact')}
              </button>
            )}
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() => set('contacts', [...form.contacts, emptyContact()])}
        >
          {t('unit.addContact')}
        </button>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="primary">
          {t('action.save')}
        </button>
      </div>
    </form>
  );
}
