/** Received on time / late / missing per task as stacked bars: drawn as SVG from the tallies. */
import { useTranslation } from 'react-i18next';
import type { Tally } from '../../../shared/domain/province-stats.ts';

const LABEL = 220;
const BAR = 420;
const ROW = 26;

export function CompletenessChart({
  title,
  items,
}: {
  title: string;
  items: { label: string; tally: Tally }[];
}) {
  const { t } = useTranslation('province');
  if (items.length === 0) return null;
  const height = items.length * ROW + 30;
  const parts = (tally: Tally) => [
    { key: 'onTime', value: tally.onTime, className: 'bar-ontime' },
    { key: 'late', value: tally.late, className: 'bar-late' },
    { key: 'missing', value: tally.expected - tally.received, className: 'bar-missing' },
  ];
  return (
    <figure className="completeness-chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${LABEL + BAR + 90} ${height}`} role="img" aria-label={title}>
        {items.map(({ label, tally }, i) => {
          let x = LABEL;
          const y = i * ROW + 4;
          return (
            <g key={label}>
              <text x={LABEL - 8} y={y + 15} textAnchor="end" className="chart-label">
                {label}
              </text>
              {parts(tally).map((p) => {
                const w = tally.expected ? (p.value / tally.expected) * BAR : 0;
                const rect = (
                  <rect key={p.key} x={x} y={y} width={w} height={ROW - 8} className={p.className} />
                );
                x += w;
                return rect;
              })}
              <text x={LABEL + BAR + 8} y={y + 15} className="chart-value">
                {tally.received}/{tally.expected}
              </text>
            </g>
          );
        })}
        <g transform={`translate(${LABEL}, ${items.length * ROW + 12})`} className="chart-legend">
          {(['onTime', 'late', 'missing'] as const).map((k, i) => (
            <g key={k} transform={`translate(${i * 120}, 0)`}>
              <rect width={12} height={12} className={`bar-${k.toLowerCase()}`} />
              <text x={18} y={11}>
                {t(`tally.${k}`)}
              </text>
            </g>
          ))}
        </g>
      </svg>
    </figure>
  );
}
