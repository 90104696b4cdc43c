/**
 * Names of the fields of a submission besides indicator values. One flat namespace keeps every
 * edit a single small write with its own audit entry, whatever part of the form it came from.
 */
export const FUNDING_COLUMNS = ['planned', 'received', 'spent'] as const;
export type FundingColumn = (typeof FUNDING_COLUMNS)[number];

export const field = {
  note: (code: string) => `note:${code}`,
  funding: (source: string, column: FundingColumn) => `fund:${source}:${column}`,
  report: (section: string) => `report:${section}`,
  score: (part: string, dimension: string) => `score:${part}:${dimension}`,
  conclusion: 'score:conclusion',
} as const;

export type FieldArea = 'indicator' | 'note' | 'funding' | 'report' | 'score';

export function areaOf(code: string): FieldArea {
  if (code.startsWith('note:')) return 'note';
  if (code.startsWith('fund:')) return 'funding';
  if (code.startsWith('report:')) return 'report';
  if (code.startsWith('score:')) return 'score';
  return 'indicator';
}
