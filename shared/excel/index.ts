export * from './errors.ts';
export * from './open.ts';
export * from './cells.ts';
export * from './headers.ts';
export * from './template-workbook.ts';
export * from './summary-workbook.ts';
