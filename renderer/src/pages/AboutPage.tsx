import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getHost } from '../host/index.ts';
import type { AppInfo } from '../../../shared/host/api.ts';
import { LATEST_SCHEMA_VERSION } from '../../../shared/db/index.ts';

export function AboutPage() {
  const { t } = useTranslation();
  const [info, setInfo] = useState<AppInfo>();
  useEffect(() => {
    void getHost().appInfo().then(setInfo);
  }, []);
  return (
    <section aria-labelledby="about-title">
      <h2 id="about-title">{t('about.title')}</h2>
      <dl className="about">
        <dt>{t('about.version')}</dt>
        <dd>{info?.version ?? '…'}</dd>
        <dt>{t('about.host')}</dt>
        <dd>{info ? t(`about.hostKind.${info.host}`) : '…'}</dd>
        <dt>{t('about.platform')}</dt>
        <dd>{info?.platform ?? '…'}</dd>
        <dt>{t('about.schema')}</dt>
        <dd>{LATEST_SCHEMA_VERSION}</dd>
        <dt>{t('about.tokens')}</dt>
        <dd>{info ? (info.secureTokenStorage ? t('about.tokensSecure') : t('about.tokensBrowser')) : '…'}</dd>
      </dl>
      <p className="muted">{t('about.offline')}</p>
    </section>
  );
}
