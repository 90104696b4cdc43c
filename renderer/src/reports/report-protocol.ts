/** Messages between the page and the report worker (PDF, Word, summary Excel). */
import type { ReportSource } from '../../../shared/report/source.ts';
import type { Template } from '../../../shared/domain/template.ts';
import type { ProvincialSummaryInput } from '../../../shared/report/provincial-summary.ts';

export type ReportFormat = 'pdf' | 'docx';

export type ReportRequest =
  | { id: number; type: 'annual'; format: ReportFormat; source: ReportSource; generatedAt: string }
  | {
      id: number;
      type: 'summary';
      sources: ReportSource[];
      template: Template;
      year: number;
      generatedAt: string;
    }
  | {
      id: number;
      type: 'provincial';
      format: ReportFormat;
      input: Omit<ProvincialSummaryInput, 'generatedAt'>;
      generatedAt: string;
      /** Seals to place: drawn 样章 by office name, or a scanned seal image. */
      seals?: { draw?: string; scan?: Uint8Array }[];
      qrLabel?: string;
    }
  /** Checks the signatures and stamp hash of a PDF; answers with the report as JSON bytes. */
  | { id: number; type: 'verify'; pdf: Uint8Array; generatedAt: string };

export type ReportResponse =
  | { id: number; type: 'progress'; fraction: number }
  | { id: number; type: 'done'; bytes: Uint8Array }
  /** `message` is an i18n key with params when the failure is the input's, else `detail` is raw. */
  | {
      id: number;
      type: 'failed';
      message?: { key: string; params?: Record<string, string | number> };
      detail: string;
    };
